package dev.smtptestkit.spring.internal;

import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.junit.SmtpReceiverProvider;
import dev.smtptestkit.spring.SpringSmtp;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Registered in {@code META-INF/services}: hands the JUnit extension the receiver of the test's
 * application context, so it starts no second one. {@link SpringExtension#getApplicationContext}
 * loads the context (or takes it from Spring's cache), so it does not matter whether Spring's
 * callbacks or ours run first, and {@code @TestInstance(PER_CLASS)} works.
 */
public final class SpringReceiverProvider implements SmtpReceiverProvider {

    /** Created by {@link java.util.ServiceLoader}. */
    public SpringReceiverProvider() {
    }

    @Override
    public Optional<SmtpReceiver> receiverFor(ExtensionContext context) {
        if (!usesSpring(context.getRequiredTestClass())) {
            return Optional.empty(); // a plain JUnit test: no context to load
        }
        ApplicationContext spring = SpringExtension.getApplicationContext(context);
        if (!spring.containsBean(SpringSmtp.RECEIVER_BEAN)) {
            return Optional.empty(); // Spring found no @SmtpServer for this context: the extension starts its own
        }
        return Optional.of(spring.getBean(SpringSmtp.RECEIVER_BEAN, SmtpReceiver.class));
    }

    // SpringExtension on the class (directly, through @SpringBootTest or another composed annotation, or
    // inherited) or on an enclosing class, whose extensions a @Nested class inherits.
    private static boolean usesSpring(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            boolean spring = AnnotationSupport.findRepeatableAnnotations(c, ExtendWith.class).stream()
                    .flatMap(e -> java.util.Arrays.stream(e.value()))
                    .anyMatch(SpringExtension.class::equals);
            if (spring) {
                return true;
            }
        }
        return false;
    }
}
