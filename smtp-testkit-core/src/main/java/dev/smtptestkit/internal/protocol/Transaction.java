package dev.smtptestkit.internal.protocol;

import dev.smtptestkit.AuthDetails;
import dev.smtptestkit.Envelope;
import dev.smtptestkit.TlsDetails;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The mail transaction of RFC 5321 3.3, from an accepted MAIL to the end of data or RSET: the
 * reverse path, the accepted forward paths, their parameters, and how many RCPTs were refused.
 */
final class Transaction {

    private final String sender;
    private final Map<String, String> senderParameters;
    private final List<String> recipients = new ArrayList<>();
    private final List<Map<String, String>> recipientParameters = new ArrayList<>();
    private int rejectedRecipients;

    Transaction(String sender, Map<String, String> senderParameters) {
        this.sender = sender;
        this.senderParameters = senderParameters;
    }

    void addRecipient(String mailbox, Map<String, String> parameters) {
        recipients.add(mailbox);
        recipientParameters.add(parameters);
    }

    void rejectRecipient() {
        rejectedRecipients++;
    }

    int recipientCount() {
        return recipients.size();
    }

    /** RFC 5321 3.3: RCPTs were sent but every one of them was refused. */
    boolean allRecipientsRejected() {
        return recipients.isEmpty() && rejectedRecipients > 0;
    }

    /** MAIL carried SMTPUTF8 (RFC 6531): UTF-8 addresses and headers are allowed. */
    boolean smtputf8() {
        return senderParameters.containsKey("SMTPUTF8");
    }

    /** The message may carry 8-bit octets: BODY=8BITMIME (RFC 6152) or SMTPUTF8. */
    boolean eightBitDeclared() {
        return smtputf8() || "8BITMIME".equalsIgnoreCase(senderParameters.get("BODY"));
    }

    /** The SIZE the client declared (RFC 1870), or 0. Already checked to be a number within the limit. */
    long declaredSize() {
        String size = senderParameters.get("SIZE");
        return size == null ? 0 : Long.parseLong(size);
    }

    Envelope envelope(String heloName, boolean extended, String sessionId, InetSocketAddress clientAddress,
                      TlsDetails tls, AuthDetails auth) {
        Envelope.Builder envelope = Envelope.builder().sender(sender).senderParameters(senderParameters)
                .heloName(heloName).extended(extended).sessionId(sessionId).clientAddress(clientAddress)
                .tls(tls).auth(auth);
        for (int i = 0; i < recipients.size(); i++) {
            envelope.recipient(recipients.get(i), recipientParameters.get(i));
        }
        return envelope.build();
    }
}
