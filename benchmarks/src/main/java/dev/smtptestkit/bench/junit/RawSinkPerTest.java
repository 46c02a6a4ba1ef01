package dev.smtptestkit.bench.junit;

import dev.smtptestkit.bench.Contender;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** The ceiling for the JUnit scenario: the raw sink started before and closed after each test. */
public final class RawSinkPerTest implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RawSinkPerTest.class);

    /** Used by JUnit. */
    public RawSinkPerTest() {
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put("sink", Contender.RAW_SINK.start(Contender.Options.DEFAULTS));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Contender.Running sink = context.getStore(NAMESPACE).remove("sink", Contender.Running.class);
        if (sink != null) {
            sink.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Contender.Running.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NAMESPACE).get("sink", Contender.Running.class);
    }
}
