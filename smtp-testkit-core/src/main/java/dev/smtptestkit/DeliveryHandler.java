package dev.smtptestkit;

import java.io.IOException;

/**
 * Takes each accepted email before the receiver records it and before the client hears 250, so
 * that "accepted" can mean "stored elsewhere" too (the standalone runner writes each email to disk
 * this way). It runs on the session's own thread, one email at a time per session; sessions run
 * concurrently, so a handler shared by sessions must be thread-safe.
 *
 * <ul>
 *   <li>It returns normally: the email is recorded in the {@link Mailbox}, listeners get
 *       {@link SmtpEvent.EmailReceived}, and the client gets 250.</li>
 *   <li>It throws an {@link IOException} (a full disk, an unwritable directory): the client gets
 *       {@code 452 4.3.1 Insufficient system storage} (RFC 5321 4.2.3, RFC 3463 3.4), a transient
 *       failure it may retry; the email is not recorded and no event is sent.</li>
 *   <li>It throws anything else: the client gets {@code 451 4.3.0} (local error in processing),
 *       the email is not recorded, and the exception is logged as a warning.</li>
 * </ul>
 *
 * <pre>{@code
 * SmtpReceiver receiver = SmtpReceiver.builder()
 *         .deliveryHandler(email -> Files.write(dir.resolve(email.id() + ".eml"), email.rawBytes()))
 *         .start();
 * }</pre>
 *
 * <p>The handler holds up only its own session's reply; a slow one delays that client, no other.
 */
@FunctionalInterface
public interface DeliveryHandler {

    /**
     * Stores or checks one accepted email before it is recorded and answered.
     *
     * @param email the email, complete, not yet in the mailbox
     * @throws IOException when the email cannot be stored: the client gets 452 4.3.1 and the email
     *                     is not recorded
     */
    void deliver(ReceivedEmail email) throws IOException;
}
