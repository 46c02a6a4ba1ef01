package dev.smtptestkit.internal.protocol;

import static dev.smtptestkit.internal.protocol.Dialogue.dialogue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.Envelope;
import dev.smtptestkit.ProtocolViolation;
import dev.smtptestkit.ProtocolViolation.Rule;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Paths of RFC 5321 4.1.2 and the UTF-8 addresses of RFC 6531, in MAIL and RCPT. */
class SessionAddressTest {

    @Test
    void acceptsTheNullReversePathOfABounce() {
        // RFC 5321 4.5.5: a bounce has MAIL FROM:<>; RCPT and DATA then work as usual
        Dialogue d = dialogue().ehlo()
                .send("MAIL FROM:<>").expect(250, "2.1.0")
                .send("RCPT TO:<b@example.com>").expect(250, "2.1.5");

        Envelope envelope = d.deliverCleanMessage();

        assertThat(envelope.sender()).isEmpty();
        assertThat(envelope.isBounce()).isTrue();
        assertThat(envelope.recipients()).containsExactly("b@example.com");
    }

    @Test
    void acceptsTheNullReversePathWithParameters() {
        Dialogue d = dialogue().ehlo()
                .send("MAIL FROM:<> SIZE=100 RET=HDRS").expect(250, "2.1.0")
                .send("RCPT TO:<b@example.com>").expect(250, "2.1.5");

        assertThat(d.deliverCleanMessage().senderParameters()).containsOnly(
                Map.entry("SIZE", "100"), Map.entry("RET", "HDRS"));
    }

    @Test
    void refusesTheNullPathAsRecipient() {
        dialogue().ehlo()
                .send("MAIL FROM:<a@example.com>").expect(250, "2.1.0")
                .send("RCPT TO:<>").expect(501, "5.1.3");
    }

    @Test
    void acceptsQuotedLocalPartsWithEscapedCharacters() {
        // RFC 5321 4.1.2: Quoted-string = DQUOTE *QcontentSMTP DQUOTE; quoted-pairSMTP = "\" %d32-126
        Dialogue d = dialogue().ehlo()
                .send("MAIL FROM:<\"john \\\"jd\\\" doe\"@example.com>").expect(250, "2.1.0")
                .send("RCPT TO:<\"a@b\\\\c\"@example.com>").expect(250, "2.1.5")
                .send("RCPT TO:<\"\"@example.com>").expect(250, "2.1.5");

        Envelope envelope = d.deliverCleanMessage();

        assertThat(envelope.sender()).isEqualTo("\"john \\\"jd\\\" doe\"@example.com");
        assertThat(envelope.recipients()).containsExactly("\"a@b\\\\c\"@example.com", "\"\"@example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "RCPT TO:<\"unterminated@example.com>",
        "RCPT TO:<\"bad pair \\\"@example.com>",
        "RCPT TO:<\"a\"b@example.com>",
    })
    void rejectsBrokenQuotedLocalParts(String line) {
        dialogue().ehlo().send("MAIL FROM:<a@example.com>").expect(250, "2.1.0")
                .send(line).expect(501, "5.1.3");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "user@[127.0.0.1]",
        "user@[255.255.255.255]",
        "user@[IPv6:::1]",
        "user@[IPv6:2001:db8:0:0:0:0:0:1]",
        "user@[IPv6:2001:db8::1]",
        "user@[ipv6:2001:DB8::]",
        "user@[IPv6:1:2:3:4:5:6::]",
        "user@[IPv6:::ffff:192.0.2.1]",
        "user@[IPv6:1:2:3:4:5:6:192.0.2.1]",
        "user@[IPv6:1:2:3:4::192.0.2.1]",
        "user@[x-tag:some-content]",
    })
    void acceptsAddressLiterals(String address) {
        // RFC 5321 4.1.3: IPv4, IPv6 (full, compressed, with IPv4 tail) and general literals
        Dialogue d = dialogue().ehlo()
                .send("MAIL FROM:<" + address + ">").expect(250, "2.1.0")
                .send("RCPT TO:<" + address + ">").expect(250, "2.1.5");

        Envelope envelope = d.deliverCleanMessage();

        assertThat(envelope.sender()).isEqualTo(address);
        assertThat(envelope.recipients()).containsExactly(address);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "user@[256.0.0.1]",
        "user@[1.2.3]",
        "user@[1.2.3.4.5]",
        "user@[1..3.4]",
        "user@[127.0.0.1",
        "user@[]",
        "user@[IPv6:1::2::3]",
        "user@[IPv6:12345::]",
        "user@[IPv6:1:2:3:4:5:6:7]",
        "user@[IPv6:1:2:3:4:5:6:7:8:9]",
        "user@[IPv6:1:2:3:4:5:6:7::]",
        "user@[IPv6:1::2:]",
        "user@[IPv6::1]",
        "user@[IPv6:1:::2]",
        "user@[IPv6:g::1]",
        "user@[IPv6:1:2:3:4:5::192.0.2.1]",
        "user@[IPv6:1:2:3:4:5:192.0.2.1]",
        "user@[IPv6:::ffff:192.0.2]",
        "user@[tag-only:]",
        "user@[:content]",
        "user@[x-tag:a b]",
    })
    void rejectsBadAddressLiterals(String address) {
        dialogue().ehlo()
                .send("MAIL FROM:<" + address + ">").expect(501, "5.1.7")
                .send("MAIL FROM:<a@example.com>").expect(250, "2.1.0")
                .send("RCPT TO:<" + address + ">").expect(501, "5.1.3");
    }

    @Test
    void reducesASourceRouteToTheMailbox() {
        // RFC 5321 4.1.1.3 and Appendix C: source routes are accepted and ignored
        Dialogue d = dialogue().ehlo()
                .send("MAIL FROM:<@a.example,@b.example:user@c.example>").expect(250, "2.1.0")
                .send("RCPT TO:<@a.example,@b.example:user@c.example>").expect(250, "2.1.5")
                .send("RCPT TO:<@relay.example:other@d.example>").expect(250, "2.1.5");

        Envelope envelope = d.deliverCleanMessage();

        assertThat(envelope.sender()).isEqualTo("user@c.example");
        assertThat(envelope.recipients()).containsExactly("user@c.example", "other@d.example");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<@a.example user@c.example>",
        "<@a.example,user@c.example>",
        "<@:user@c.example>",
        "<@a.example,:user@c.example>",
        "<a.example:user@c.example>",
    })
    void rejectsBrokenSourceRoutes(String path) {
        dialogue().ehlo().send("MAIL FROM:" + path).expect(501, "5.1.7");
    }

    @Test
    void acceptsPostmasterWithoutDomainAsRecipientOnly() {
        // RFC 5321 4.1.1.3: "<Postmaster>" is a valid forward path, case-insensitive
        Dialogue d = dialogue().ehlo()
                .send("MAIL FROM:<Postmaster>").expect(501, "5.1.7")
                .send("MAIL FROM:<a@example.com>").expect(250, "2.1.0")
                .send("RCPT TO:<Postmaster>").expect(250, "2.1.5")
                .send("RCPT TO:<postmaster>").expect(250, "2.1.5")
                .send("RCPT TO:<Postmaster@example.com>").expect(250, "2.1.5");

        assertThat(d.deliverCleanMessage().recipients()).containsExactly("Postmaster", "postmaster", "Postmaster@example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "a@example.com",
        "<a@example.com",
        "a@example.com>",
        "<a>",
        "<@example.com>",
        "<a.@example.com>",
        "<.a@example.com>",
        "<a..b@example.com>",
        "<a@example.com.>",
        "<a@.example.com>",
        "<a@example..com>",
        "<a@-example.com>",
        "<a@example-.com>",
        "<a@exa_mple.com>",
        "<a b@example.com>",
        "<a@>",
        "<a@@example.com>",
        "<a(comment)@example.com>",
        "",
    })
    void rejectsMalformedPaths(String path) {
        // RFC 3463: 5.1.7 bad sender's mailbox syntax, 5.1.3 bad destination mailbox syntax
        dialogue().ehlo()
                .send("MAIL FROM:" + path).expect(501, "5.1.7")
                .send("MAIL FROM:<a@example.com>").expect(250, "2.1.0")
                .send("RCPT TO:" + path).expect(501, "5.1.3");
    }

    @Test
    void limitsTheLocalPartTo64Octets() {
        // RFC 5321 4.5.3.1.1: the local part is at most 64 octets
        String local64 = "a".repeat(64);
        String local65 = "a".repeat(65);

        Dialogue d = dialogue().ehlo()
                .send("MAIL FROM:<" + local65 + "@example.com>").expect(501, "5.1.7")
                .send("MAIL FROM:<" + local64 + "@example.com>").expect(250, "2.1.0")
                .send("RCPT TO:<" + local65 + "@example.com>").expect(501, "5.1.3")
                .send("RCPT TO:<\"" + "b".repeat(63) + "\"@example.com>").expect(501, "5.1.3")
                .send("RCPT TO:<\"" + "b".repeat(62) + "\"@example.com>").expect(250, "2.1.5");

        assertThat(d.deliverCleanMessage().sender()).isEqualTo(local64 + "@example.com");
    }

    @Test
    void countsTheLocalPartLimitInOctetsNotCharacters() {
        // RFC 5321 4.5.3.1.1 counts octets: "ü" is two of them in UTF-8
        String octets64 = "ü".repeat(32);
        String octets66 = "ü".repeat(33);

        dialogue().ehlo()
                .send("MAIL FROM:<" + octets66 + "@example.com> SMTPUTF8").expect(501, "5.1.7")
                .send("MAIL FROM:<" + octets64 + "@example.com> SMTPUTF8").expect(250, "2.1.0");
    }

    @Test
    void limitsTheDomainTo255Octets() {
        // RFC 5321 4.5.3.1.2
        String domain255 = ("a".repeat(63) + ".").repeat(3) + "a".repeat(63);
        String domain257 = "bb." + domain255.substring(1);

        assertThat(domain255).hasSize(255);
        dialogue().ehlo()
                .send("MAIL FROM:<a@" + domain257 + ">").expect(501, "5.1.7")
                .send("MAIL FROM:<a@" + domain255 + ">").expect(250, "2.1.0");
    }

    @Test
    void refusesUtf8AddressesWithoutSmtputf8() {
        // RFC 6531 3.5: a non-ASCII address needs MAIL ... SMTPUTF8
        Dialogue d = dialogue().ehlo()
                .send("MAIL FROM:<jörg@example.com>").expect(553, "5.6.7")
                .send("MAIL FROM:<a@bücher.example>").expect(553, "5.6.7")
                .send("MAIL FROM:<a@example.com>").expect(250, "2.1.0")
                .send("RCPT TO:<用户@example.com>").expect(553, "5.6.7")
                .send("RCPT TO:<b@example.com>").expect(250, "2.1.5");

        assertThat(d.violations()).extracting(ProtocolViolation::rule)
                .containsExactly(Rule.NON_ASCII_ADDRESS_WITHOUT_SMTPUTF8, Rule.NON_ASCII_ADDRESS_WITHOUT_SMTPUTF8,
                        Rule.NON_ASCII_ADDRESS_WITHOUT_SMTPUTF8);
        assertThat(d.violations().get(0).line()).isEqualTo("MAIL FROM:<jörg@example.com>");
    }

    @Test
    void refusesUtf8AddressesAfterHelo() {
        dialogue().helo()
                .send("MAIL FROM:<jörg@example.com>").expect(553)
                .send("MAIL FROM:<jörg@example.com> SMTPUTF8").expect(555);
    }

    @Test
    void recordsUtf8AddressesExactlyWithSmtputf8() {
        // RFC 6531 3.3: Mailbox with UTF-8 local parts and U-label domains
        Dialogue d = dialogue().ehlo()
                .send("MAIL FROM:<jörg@bücher.example> SMTPUTF8").expect(250, "2.1.0")
                .send("RCPT TO:<用户@例子.广告>").expect(250, "2.1.5")
                .send("RCPT TO:<\"δοκιμή test\"@παράδειγμα.δοκιμή>").expect(250, "2.1.5");

        Envelope envelope = d.deliverCleanMessage();

        assertThat(envelope.sender()).isEqualTo("jörg@bücher.example");
        assertThat(envelope.recipients()).containsExactly("用户@例子.广告", "\"δοκιμή test\"@παράδειγμα.δοκιμή");
        assertThat(envelope.senderParameters()).containsEntry("SMTPUTF8", "");
        assertThat(d.violations()).isEmpty();
    }

    @Test
    void acceptsAtextSpecialsInTheLocalPart() {
        // RFC 5322 3.2.3: atext includes !#$%&'*+-/=?^_`{|}~
        String local = "!#$%&'*+-/=?^_`{|}~.x";
        Dialogue d = dialogue().ehlo()
                .send("MAIL FROM:<" + local + "@example.com>").expect(250, "2.1.0")
                .send("RCPT TO:<b@example.com>").expect(250, "2.1.5");

        assertThat(d.deliverCleanMessage().sender()).isEqualTo(local + "@example.com");
    }

    @Test
    void recordsASpaceBeforeThePathButAcceptsIt() {
        // RFC 5321 4.1.1.2 has no space after "FROM:"; many clients send one anyway
        Dialogue d = dialogue().ehlo()
                .send("MAIL FROM: <a@example.com>").expect(250, "2.1.0")
                .send("RCPT TO: <b@example.com>").expect(250, "2.1.5");

        assertThat(d.deliverCleanMessage().recipients()).containsExactly("b@example.com");
        assertThat(d.rules()).containsExactly(Rule.SPACE_BEFORE_PATH, Rule.SPACE_BEFORE_PATH);
    }

    @Test
    void rejectsMailWithoutFromKeyword() {
        dialogue().ehlo()
                .send("MAIL").expect(501, "5.5.4")
                .send("MAIL TO:<a@example.com>").expect(501, "5.5.4")
                .send("MAIL FROM:<a@example.com>").expect(250, "2.1.0")
                .send("RCPT").expect(501, "5.5.4")
                .send("RCPT FROM:<b@example.com>").expect(501, "5.5.4");
    }
}
