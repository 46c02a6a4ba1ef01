package dev.smtptestkit.internal.content;

/**
 * Whether the Jakarta Mail API, through which every received message is stored, is on the class
 * path. Asked when a receiver starts: without it the receiver would accept a client's message
 * and then drop the connection at the end of its data, with nothing but a disconnect reason to
 * say why. Looked up once per class loader.
 */
public final class MailApi {

    // the API type each stored message is read through (ContentStream implements it)
    private static final String PROBE = "jakarta.mail.internet.SharedInputStream";
    private static final String MISSING = missing();

    private MailApi() {
    }

    /**
     * Fails when the API cannot be loaded.
     *
     * @throws IllegalStateException naming the missing class and the dependency to add
     */
    public static void require() {
        if (MISSING != null) {
            throw new IllegalStateException(MISSING);
        }
    }

    private static String missing() {
        try {
            Class.forName(PROBE, false, MailApi.class.getClassLoader());
            return null;
        } catch (ClassNotFoundException | LinkageError e) {
            return "SmtpReceiver cannot store email without the Jakarta Mail API: " + PROBE
                    + " is not on the class path. Add the dependency jakarta.mail:jakarta.mail-api (2.1.x),"
                    + " or stop excluding it from smtp-testkit-core";
        }
    }
}
