package dev.smtptestkit.junit.internal;

/**
 * Carries a failed test's SMTP dialogue as a suppressed exception of its failure, so the dialogue is
 * printed wherever the failure is (IDE, Surefire and Gradle logs, XML reports). No stack trace: the
 * message is the point.
 */
public final class SmtpDialogue extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param dialogue the rendered dialogue */
    public SmtpDialogue(String dialogue) {
        super(dialogue, null, false, false);
    }
}
