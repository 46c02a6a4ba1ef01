package dev.smtptestkit;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The SMTP envelope of one accepted message: what the client said in the dialogue, as opposed to
 * the headers inside the message. Bcc recipients appear here and nowhere in the headers.
 *
 * <pre>{@code
 * Envelope envelope = mailbox.singleEmail().envelope();
 * assertThat(envelope.recipients()).containsExactly("to@example.com", "bcc@example.com");
 * }</pre>
 *
 * @param sender              the reverse path of {@code MAIL FROM}, {@code ""} for the null path {@code <>}
 * @param senderParameters    the MAIL parameters (keys upper case, a parameter without value maps to "")
 * @param recipients          every accepted {@code RCPT TO} forward path, in order (source routes removed)
 * @param recipientParameters the RCPT parameters of each recipient, in the order of {@link #recipients()}
 * @param heloName            the name given in EHLO or HELO
 * @param extended            true after EHLO, false after HELO
 * @param sessionId           the session that sent the message
 * @param clientAddress       the client's address and port
 */
public record Envelope(
        String sender,
        Map<String, String> senderParameters,
        List<String> recipients,
        List<Map<String, String>> recipientParameters,
        String heloName,
        boolean extended,
        String sessionId,
        InetSocketAddress clientAddress) {

    /**
     * Checks the components and takes immutable copies of the maps and lists.
     *
     * @throws NullPointerException     when a component other than {@code clientAddress} is null
     * @param sender              the reverse path, "" for the null path
     * @param senderParameters    the MAIL parameters
     * @param recipients          the accepted forward paths
     * @param recipientParameters the RCPT parameters, one map per recipient
     * @param heloName            the EHLO or HELO name
     * @param extended            true after EHLO
     * @param sessionId           the session
     * @param clientAddress       the client's address and port
     * @throws IllegalArgumentException when there is not one parameter map per recipient
     */
    public Envelope {
        Objects.requireNonNull(sender, "sender");
        senderParameters = Map.copyOf(senderParameters);
        recipients = List.copyOf(recipients);
        recipientParameters = recipientParameters.stream().map(Map::copyOf).toList();
        if (recipients.size() != recipientParameters.size()) {
            throw new IllegalArgumentException("one parameter map per recipient expected");
        }
        Objects.requireNonNull(heloName, "heloName");
        Objects.requireNonNull(sessionId, "sessionId");
    }

    /**
     * Whether this is a bounce: the reverse path was the null path {@code <>}.
     *
     * @return true when {@link #sender()} is ""
     */
    public boolean isBounce() {
        return sender.isEmpty();
    }

    /**
     * The value of a MAIL parameter such as {@code SIZE} or {@code BODY}.
     *
     * @param keyword the parameter name, case-insensitive
     * @return the value ("" for a parameter without value), or null when the client did not send it
     */
    public String senderParameter(String keyword) {
        return senderParameters.get(keyword.toUpperCase(java.util.Locale.ROOT));
    }
}
