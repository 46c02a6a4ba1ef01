package dev.smtptestkit.bench.junit;

import dev.smtptestkit.SmtpReceiver;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A STAND-IN for {@code @SmtpServer} (module smtp-junit-extension, not available to this branch
 * yet): starts a fresh {@link SmtpReceiver} before each test, closes it after, and injects it.
 * The same work per test as the real extension (start, inject, close); when the real one is
 * available the JUnit scenario switches with one line, {@code JunitOverhead.OURS_ANNOTATION}.
 */
public final class ReceiverPerTest implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ReceiverPerTest.class);

    /** Used by JUnit. */
    public ReceiverPerTest() {
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put("receiver", SmtpReceiver.builder().start());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        SmtpReceiver receiver = context.getStore(NAMESPACE).remove("receiver", SmtpReceiver.class);
        if (receiver != null) {
            receiver.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SmtpReceiver.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NAMESPACE).get("receiver", SmtpReceiver.class);
    }
}
