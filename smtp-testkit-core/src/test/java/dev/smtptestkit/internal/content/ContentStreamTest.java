package dev.smtptestkit.internal.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smtptestkit.internal.mime.MimeView;
import jakarta.activation.DataHandler;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ContentStreamTest {

    // blocks of 4, 64, 192 and 448 octets: the boundaries are at 4, 68 and 260
    private static final int N = 300;
    private static final byte[] DATA = ContentBuilderTest.pattern(N);

    private static Content content(byte[] data, int firstBlock) {
        ContentBuilder builder = new ContentBuilder(firstBlock, Integer.MAX_VALUE);
        builder.append(data, 0, data.length);
        return builder.content();
    }

    private static byte[] readOneByOne(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0; b = in.read()) {
            out.write(b);
        }
        return out.toByteArray();
    }

    @Test
    void readsEveryOctetOneByOneAndCountsThePosition() throws IOException {
        ContentStream in = content(DATA, 4).stream();

        assertThat(in.available()).isEqualTo(N);
        assertThat(in.read()).isEqualTo(DATA[0] & 0xFF);
        assertThat(in.getPosition()).isEqualTo(1);
        byte[] rest = readOneByOne(in);

        assertThat(rest).isEqualTo(Arrays.copyOfRange(DATA, 1, N));
        assertThat(in.getPosition()).isEqualTo(N);
        assertThat(in.read()).isEqualTo(-1);
    }

    @Test
    void readsArraysAcrossBlockBoundaries() {
        ContentStream in = content(DATA, 4).stream();
        byte[] buffer = new byte[7];
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        for (int n = in.read(buffer, 0, buffer.length); n > 0; n = in.read(buffer, 0, buffer.length)) {
            out.write(buffer, 0, n);
        }

        assertThat(out.toByteArray()).isEqualTo(DATA);
        assertThat(in.read(buffer, 0, 0)).isZero();
        assertThat(in.read(buffer, 0, 1)).isEqualTo(-1);
        assertThatThrownBy(() -> in.read(buffer, 5, 3)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void mixesSingleReadsArrayReadsAndSkips() throws IOException {
        ContentStream in = content(DATA, 4).stream();

        assertThat(in.skip(3)).isEqualTo(3);            // inside the first block
        assertThat(in.read()).isEqualTo(DATA[3] & 0xFF); // its last octet
        byte[] two = new byte[2];
        assertThat(in.read(two, 0, 2)).isEqualTo(2);
        assertThat(two).containsExactly(DATA[4], DATA[5]);
        assertThat(in.read()).isEqualTo(DATA[6] & 0xFF);
        assertThat(in.skip(100)).isEqualTo(100);         // over the boundary at 68
        assertThat(in.getPosition()).isEqualTo(107);
        assertThat(in.read()).isEqualTo(DATA[107] & 0xFF);
        assertThat(in.skip(-4)).isZero();
        assertThat(in.skip(1000)).isEqualTo(N - 108);    // only what is left, over the one at 260
        assertThat(in.skip(1)).isZero();
        assertThat(in.read()).isEqualTo(-1);
    }

    @Test
    void resetReturnsToTheMarkInAnEarlierBlock() throws IOException {
        ContentStream in = content(DATA, 4).stream();
        in.skip(2);
        in.mark(N);
        assertThat(in.skip(100)).isEqualTo(100);
        in.read();

        in.reset();

        assertThat(in.markSupported()).isTrue();
        assertThat(in.getPosition()).isEqualTo(2);
        assertThat(readOneByOne(in)).isEqualTo(Arrays.copyOfRange(DATA, 2, N));
    }

    @Test
    void newStreamCoversItsRangeAcrossBlocksAndNests() throws IOException {
        ContentStream in = content(DATA, 4).stream();
        in.skip(30); // a new stream does not depend on the position of its parent

        InputStream part = in.newStream(10, 270);
        assertThat(readOneByOne(part)).isEqualTo(Arrays.copyOfRange(DATA, 10, 270));

        ContentStream sub = (ContentStream) in.newStream(10, 270);
        assertThat(sub.getPosition()).isZero();
        sub.skip(3);
        assertThat(sub.getPosition()).isEqualTo(3);
        assertThat(readOneByOne(sub.newStream(5, -1))).isEqualTo(Arrays.copyOfRange(DATA, 15, 270));
        assertThat(readOneByOne(sub.newStream(60, 251))).isEqualTo(Arrays.copyOfRange(DATA, 70, 261));
        assertThat(readOneByOne(sub.newStream(0, 2))).isEqualTo(Arrays.copyOfRange(DATA, 10, 12));
        assertThat(readOneByOne(in.newStream(0, -1))).isEqualTo(DATA);
        assertThat(in.getPosition()).isEqualTo(30);
    }

    @Test
    void newStreamCutsAnEndPastTheStreamAndRefusesANegativeStart() throws IOException {
        ContentStream in = content(DATA, 4).stream();

        assertThat(readOneByOne(in.newStream(250, 500))).isEqualTo(Arrays.copyOfRange(DATA, 250, N));
        assertThat(readOneByOne(in.newStream(60, 40))).isEmpty();
        assertThatThrownBy(() -> in.newStream(-1, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * MimeMessage(Session, InputStream) keeps a SharedInputStream's sub-stream as its content, and
     * MimeMultipart does the same for each part: the parse references the blocks, never copies them.
     */
    @Test
    void jakartaMailParsesAMultipartMessageOverBlocksWithoutCopying() throws Exception {
        byte[] pdf = ContentBuilderTest.pattern(3000);
        MimeMessage original = new MimeMessage(Session.getInstance(new Properties()));
        original.setSubject("blocks");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("hello over many blocks", "UTF-8");
        MimeBodyPart attachment = new MimeBodyPart();
        attachment.setDataHandler(new DataHandler(new ByteArrayDataSource(pdf, "application/pdf")));
        attachment.setFileName("report.pdf");
        original.setContent(new MimeMultipart(text, attachment));
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        original.writeTo(wire);
        Content content = content(wire.toByteArray(), 16);
        assertThat(content.blockCount()).isGreaterThan(4);

        MimeView view = MimeView.parse(content);

        assertThat(view.subject()).isEqualTo("blocks");
        assertThat(view.textBody()).contains("hello over many blocks");
        assertThat(view.attachments()).singleElement()
                .satisfies(a -> assertThat(a.content()).isEqualTo(pdf));
        MimeMessage parsed = view.message();
        assertThat(parsed.getRawInputStream()).isInstanceOf(ContentStream.class);
        MimeBodyPart parsedAttachment = (MimeBodyPart) ((MimeMultipart) parsed.getContent()).getBodyPart(1);
        assertThat(parsedAttachment.getRawInputStream()).isInstanceOf(ContentStream.class);
    }
}
