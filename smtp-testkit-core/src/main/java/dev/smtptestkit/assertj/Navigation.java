package dev.smtptestkit.assertj;

import org.assertj.core.api.AbstractAssert;

/**
 * Carries what a user set on an assert ({@code as("...")}, {@code withRepresentation}) over to the
 * assert a navigation method returns ({@code singleEmail()}, {@code attachment(name)}, ...), so
 * {@code assertThat(mailbox).as("welcome mail").singleEmail().hasSubject("Welcome")} fails with
 * "[welcome mail] ...". An overriding error message ({@code withFailMessage}) is not carried: it
 * was written for the check it was set on.
 */
final class Navigation {

    private Navigation() {
    }

    /** Gives {@code next} the description and representation of {@code from}; returns {@code next}. */
    static <A extends AbstractAssert<?, ?>> A from(AbstractAssert<?, ?> from, A next) {
        if (from.info.description() != null) {
            next.info.description(from.info.description());
        }
        if (from.info.representation() != null) {
            next.info.useRepresentation(from.info.representation());
        }
        return next;
    }
}
