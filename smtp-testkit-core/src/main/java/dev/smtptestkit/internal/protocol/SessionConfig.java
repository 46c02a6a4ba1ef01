package dev.smtptestkit.internal.protocol;

/**
 * The limits and switches a {@link Session} works with, fixed for the receiver's life.
 *
 * @param serverName         the name in the greeting and EHLO reply
 * @param maxMessageSize     largest message accepted, in octets (RFC 1870 SIZE)
 * @param maxRecipients      recipients per message; more get 452 (RFC 5321 4.5.3.1.10)
 * @param maxCommandLine     longest command line including CRLF (RFC 5321 4.5.3.1.4)
 * @param strict             refuse input that breaks a rule instead of only recording it
 */
public record SessionConfig(String serverName, long maxMessageSize, int maxRecipients, int maxCommandLine,
                            boolean strict) {

    /** Checks the limits: a message size int offsets can address, at least one recipient, RFC line minimum. */
    public SessionConfig {
        if (maxMessageSize < 1 || maxMessageSize > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("maxMessageSize must be between 1 and " + (Integer.MAX_VALUE - 16)
                    + " octets, was " + maxMessageSize);
        }
        if (maxRecipients < 1) {
            throw new IllegalArgumentException("maxRecipients must be at least 1, was " + maxRecipients);
        }
        if (maxCommandLine < 512) {
            throw new IllegalArgumentException("maxCommandLineLength must be at least 512 (RFC 5321 4.5.3.1.4), was "
                    + maxCommandLine);
        }
    }
}
