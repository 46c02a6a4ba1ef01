package dev.smtptestkit.spring.internal;

import dev.smtptestkit.junit.SmtpServer;
import java.util.List;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Registered in {@code META-INF/spring.factories}: a test class with a class-level
 * {@code @SmtpServer} (its own, a superclass's, or an enclosing class's for {@code @Nested}, as Spring
 * finds its own annotations) gets a {@link SmtpContextCustomizer}.
 */
public final class SmtpContextCustomizerFactory implements ContextCustomizerFactory {

    /** Created by Spring. */
    public SmtpContextCustomizerFactory() {
    }

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        SmtpServer declaration = TestContextAnnotationUtils.findMergedAnnotation(testClass, SmtpServer.class);
        return declaration == null ? null : new SmtpContextCustomizer(declaration, testClass);
    }
}
