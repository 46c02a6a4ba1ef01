package dev.smtptestkit.internal.protocol;

import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.AssertionFailedError;

/**
 * Fails a test that passed although one of its {@link Dialogue}s ends with a reply nobody checked
 * (a test that sends a line and stops has proved nothing about the reply). Registered for every
 * core test through {@code META-INF/services} (autodetection is on in this module's
 * {@code junit-platform.properties}), so new dialogue tests are covered without remembering it.
 * It does nothing for tests that use no dialogue, and adds nothing to a test that failed anyway.
 */
public final class DialogueCheck implements BeforeEachCallback, AfterEachCallback {

    /** Used by JUnit's service loading. */
    public DialogueCheck() {
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Dialogue.forgetOpened();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<String> unchecked = Dialogue.uncheckedEnds();
        if (context.getExecutionException().isEmpty() && !unchecked.isEmpty()) {
            throw new AssertionFailedError(String.join(System.lineSeparator(), unchecked));
        }
    }
}
