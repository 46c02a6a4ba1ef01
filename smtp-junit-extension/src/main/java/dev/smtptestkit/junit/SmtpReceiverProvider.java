package dev.smtptestkit.junit;

import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.junit.internal.Settings;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A hook for frameworks that start the receiver of a class-level {@link SmtpServer} themselves, so
 * that the extension uses theirs instead of starting a second one. Found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/dev.smtptestkit.junit.SmtpReceiverProvider},
 * or {@code provides} in a module). {@code smtp-testkit-spring} is one: its Spring context customizer
 * starts one receiver per application context and hands it over here. Test authors never implement
 * this.
 *
 * <p>Asked only for an {@code @SmtpServer} on a test class (a method's own annotation always gets its
 * own receiver). A receiver handed over is not closed by the extension (its owner closes it); the
 * extension clears its mailbox before each test (with {@link SmtpServer.Scope#PER_CLASS} and
 * {@code clearBetweenTests = false}: once, before the class's first test), injects it and explains
 * failures as for its own receivers.
 */
public interface SmtpReceiverProvider {

    /**
     * The running receiver for the {@code @SmtpServer} that applies to this context's test class, or
     * empty to let the extension start its own.
     *
     * @param context the context of the test class (scope {@code PER_CLASS}) or of the test method
     * @return the receiver, already started, or empty
     */
    Optional<SmtpReceiver> receiverFor(ExtensionContext context);

    /**
     * A builder configured as {@code declaration} asks, exactly as the extension configures its own
     * receivers (same defaults, same checks, same messages).
     *
     * @param declaration the annotation
     * @param testClass   the class it was found on, named in error messages
     * @return a new builder, not started
     * @throws org.junit.jupiter.api.extension.ExtensionConfigurationException when an attribute is invalid
     */
    static SmtpReceiver.Builder builderFor(SmtpServer declaration, Class<?> testClass) {
        return Settings.of(declaration, testClass).newBuilder();
    }
}
