package dev.smtptestkit.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.SmtpReceiver;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 10 point 7: the size a client declares (RFC 1870 SIZE) is only a claim, so it never decides
 * what a recorded email costs; the octets that arrived do.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeclaredSizeTest {

    private static final int EMAILS = 40;
    private static final String MESSAGE = "From: a@x.test\r\nTo: r@x.test\r\nSubject: small\r\n\r\n"
            + "declared as 64 MiB\r\n";

    @Test
    void smallMessagesDeclaredAsHugeCostAboutTheirSize() {
        try (SmtpReceiver receiver = SmtpReceiver.builder().start(); RawClient smtp = RawClient.ready(receiver.port())) {
            long before = Heap.usedAfterGc();
            smtp.transactions(EMAILS, "MAIL FROM:<a@x.test> SIZE=67108864", MESSAGE);
            long retained = Heap.usedAfterGc() - before;

            assertThat(receiver.mailbox().emails()).hasSize(EMAILS)
                    .allSatisfy(email -> assertThat(email.size()).isEqualTo(MESSAGE.length()));
            System.out.printf("%d emails of %d octets declared as 64 MiB: retained %s (%.0f bytes each)%n",
                    EMAILS, MESSAGE.length(), Heap.mib(retained), (double) retained / EMAILS);
            // was an 8 MiB block (9 MiB of G1 regions) per email: 360 MiB for these 40
            assertThat(retained).as("heap retained by %d emails", EMAILS).isLessThan(4L * 1024 * 1024);
            assertThat(smtp.command("QUIT").code()).isEqualTo(221);
        }
    }
}
