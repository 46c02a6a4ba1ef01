package dev.smtptestkit;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What happened to one message {@link SmtpSender} tried to deliver: each recipient's answer, the
 * server's final reply to the message, its queue id when the reply names one, and, when the
 * delivery did not complete, where and why it stopped. A partial success (some recipients refused)
 * is a result, not an exception.
 *
 * <pre>{@code
 * DeliveryResult result = sender.send(email);
 * assertThat(result.status()).isEqualTo(DeliveryResult.Status.DELIVERED);
 * assertThat(result.refusedRecipients()).isEmpty();
 * System.out.println(result.transcript().render());   // the client's side of the dialogue
 * }</pre>
 *
 * @param status     delivered to all recipients, to some, or to none
 * @param recipients one result per recipient, in the order given
 * @param finalReply the server's reply to the end of the message (after DATA or the last BDAT), when it came
 * @param queueId    the id the final reply names ({@code queued as X}, {@code id=X}, {@code accepted as X}), if any
 * @param failure    why the message was not delivered to all recipients, when it was not
 *                   (empty for {@link Status#DELIVERED} and when only recipients were refused)
 * @param transcript the client's transcript of the connection, credentials masked
 */
public record DeliveryResult(Status status, List<RecipientResult> recipients, Optional<SmtpReply> finalReply,
                             Optional<String> queueId, Optional<Failure> failure, Transcript transcript) {

    /**
     * Checks the components and copies the recipients.
     *
     * @param status     the status
     * @param recipients the per-recipient results
     * @param finalReply the final reply, if any
     * @param queueId    the queue id, if any
     * @param failure    the failure, if any
     * @param transcript the transcript
     */
    public DeliveryResult {
        Objects.requireNonNull(status, "status");
        recipients = List.copyOf(recipients);
        Objects.requireNonNull(finalReply, "finalReply");
        Objects.requireNonNull(queueId, "queueId");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(transcript, "transcript");
    }

    /** The outcome for the message as a whole. */
    public enum Status {
        /** The server took the message for every recipient. */
        DELIVERED,
        /** The server took the message for some recipients and refused the others. */
        PARTIALLY_DELIVERED,
        /** The server took the message for no recipient (see {@link #failure()} and each recipient). */
        NOT_DELIVERED
    }

    /** What became of one recipient. */
    public enum RecipientStatus {
        /** RCPT TO was accepted (and the message then went to it when the status says so). */
        ACCEPTED,
        /** RCPT TO was refused: {@link RecipientResult#reply()} says why. */
        REFUSED,
        /** The address was never given to the server: {@link RecipientResult#detail()} says why. */
        NOT_SENT
    }

    /**
     * One recipient's result.
     *
     * @param address the recipient
     * @param status  accepted, refused or not sent
     * @param reply   the server's reply to its RCPT TO, when it was sent and answered
     * @param detail  for a recipient not sent, why (for example outside the relay allow-list); "" otherwise
     */
    public record RecipientResult(String address, RecipientStatus status, Optional<SmtpReply> reply, String detail) {
        /**
         * Checks the components.
         *
         * @param address the recipient
         * @param status  the status
         * @param reply   the reply, if any
         * @param detail  why it was not sent, or ""
         */
        public RecipientResult {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(reply, "reply");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public String toString() {
            return address + ": " + status + reply.map(r -> " " + r.firstLine()).orElse("")
                    + (detail.isEmpty() ? "" : " (" + detail + ")");
        }
    }

    /** Where in the dialogue a delivery stopped. */
    public enum Stage {
        /** Opening the TCP connection (and, for implicit TLS, its handshake). */
        CONNECT,
        /** Waiting for the 220 greeting. */
        GREETING,
        /** EHLO, or the HELO that replaced it. */
        EHLO,
        /** The STARTTLS command or its handshake (RFC 3207). */
        STARTTLS,
        /** The AUTH exchange (RFC 4954). */
        AUTH,
        /** MAIL FROM, or a check made before sending it (SIZE, 8BITMIME, SMTPUTF8, DSN, CHUNKING). */
        MAIL,
        /** RCPT TO. */
        RCPT,
        /** The DATA command (or, with CHUNKING, the BDAT command line). */
        DATA,
        /** Sending the message octets and waiting for the final reply. */
        CONTENT
    }

    /** Why a delivery stopped. */
    public enum Kind {
        /** The TCP connection could not be opened. */
        CONNECT_FAILED,
        /** No reply (or no progress) within a timeout: connect, reply or whole delivery. */
        TIMEOUT,
        /** The server closed the connection, or it broke. */
        DROPPED,
        /** The server answered with a failure code. */
        REFUSED,
        /** The server's reply was not SMTP (no code, a code out of range, too long). */
        PROTOCOL_ERROR,
        /** The TLS handshake failed (certificate not trusted, host name mismatch, no common cipher). */
        TLS_FAILED,
        /** The sender refused to go on: the server lacks what the message or the configuration needs. */
        LOCAL_REFUSAL
    }

    /**
     * Where and why a delivery stopped.
     *
     * @param stage   where
     * @param kind    why
     * @param reply   the server's reply at that point, for {@link Kind#REFUSED}
     * @param message a sentence for people, naming the values involved and the RFC rule, if one applies
     */
    public record Failure(Stage stage, Kind kind, Optional<SmtpReply> reply, String message) {
        /**
         * Checks the components.
         *
         * @param stage   where
         * @param kind    why
         * @param reply   the reply, if any
         * @param message the explanation
         */
        public Failure {
            Objects.requireNonNull(stage, "stage");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(reply, "reply");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String toString() {
            return kind + " at " + stage + ": " + message;
        }
    }

    /**
     * The recipients the server accepted.
     *
     * @return their addresses, in order
     */
    public List<String> acceptedRecipients() {
        return recipients.stream().filter(r -> r.status() == RecipientStatus.ACCEPTED)
                .map(RecipientResult::address).toList();
    }

    /**
     * The recipients that were refused or never sent.
     *
     * @return their results, in order
     */
    public List<RecipientResult> refusedRecipients() {
        return recipients.stream().filter(r -> r.status() != RecipientStatus.ACCEPTED).toList();
    }

    /**
     * Whether the server took the message for every recipient.
     *
     * @return {@code status() == DELIVERED}
     */
    public boolean isDelivered() {
        return status == Status.DELIVERED;
    }

    /**
     * A summary on one line, for logs and the standalone console.
     *
     * @return for example {@code "DELIVERED to [bob@example.test], 250 2.0.0 OK: queued as 4F2A"}
     */
    public String summary() {
        StringBuilder out = new StringBuilder(status.name());
        List<String> accepted = acceptedRecipients();
        if (!accepted.isEmpty()) {
            out.append(" to ").append(accepted);
        }
        finalReply.ifPresent(r -> out.append(", ").append(r.firstLine()));
        for (RecipientResult r : refusedRecipients()) {
            out.append("; ").append(r);
        }
        failure.ifPresent(f -> out.append("; ").append(f));
        return out.toString();
    }

    @Override
    public String toString() {
        return "DeliveryResult{" + summary() + "}";
    }
}
