package dev.smtptestkit.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** The annotation's idleTimeout is read by Durations.parse, with the standalone runner's meaning. */
class SettingsTest {

    private static final String ORIGIN = "@SmtpServer on class MailTest";

    @Test
    void aBareNumberIsMilliseconds() {
        assertThat(Settings.parseDuration("5000", ORIGIN)).isEqualTo(Duration.ofMillis(5000));
    }

    @Test
    void unitsAndIsoAreReadAsByTheRunner() {
        assertThat(Settings.parseDuration("500ms", ORIGIN)).isEqualTo(Duration.ofMillis(500));
        assertThat(Settings.parseDuration("5s", ORIGIN)).isEqualTo(Duration.ofSeconds(5));
        assertThat(Settings.parseDuration("1m", ORIGIN)).isEqualTo(Duration.ofMinutes(1));
        assertThat(Settings.parseDuration("2h", ORIGIN)).isEqualTo(Duration.ofHours(2));
        assertThat(Settings.parseDuration(" PT5S ", ORIGIN)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void textThatIsNoDurationSaysWhatToWrite() {
        Throwable thrown = catchThrowable(() -> Settings.parseDuration("5 s", ORIGIN));

        assertThat(thrown).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@SmtpServer on class MailTest: idleTimeout '5 s' is not a duration: write milliseconds "
                        + "(\"5000\"), a number with a unit (\"500ms\", \"5s\", \"1m\", \"2h\") or ISO-8601 (\"PT5S\").");
    }

    @Test
    void aNegativeDurationIsNoDuration() {
        Throwable thrown = catchThrowable(() -> Settings.parseDuration("-PT5S", ORIGIN));

        assertThat(thrown).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@SmtpServer on class MailTest: idleTimeout '-PT5S' is not a duration: write milliseconds "
                        + "(\"5000\"), a number with a unit (\"500ms\", \"5s\", \"1m\", \"2h\") or ISO-8601 (\"PT5S\").");
    }

    @Test
    void zeroIsRefused() {
        Throwable thrown = catchThrowable(() -> Settings.parseDuration("0", ORIGIN));

        assertThat(thrown).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@SmtpServer on class MailTest: idleTimeout must be positive, was \"0\". Write milliseconds "
                        + "(\"5000\") or a number with a unit (\"5s\").");
    }
}
