package dev.fleetdeck.ui.theme;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import javafx.css.CssParser;
import javafx.css.Stylesheet;
import org.junit.jupiter.api.Test;

/** JavaFX only logs a broken stylesheet and drops the rules after the error; this makes it a failure. */
class StylesheetTest {
    @Test
    void theApplicationStylesheetParsesWithoutErrors() throws Exception {
        URL css = StylesheetTest.class.getResource("/dev/fleetdeck/css/fleetdeck.css");
        assertThat(css).isNotNull();
        CssParser.errorsProperty().clear();
        Stylesheet sheet = new CssParser().parse(css);
        assertThat(CssParser.errorsProperty()).extracting(Object::toString).isEmpty();
        // Every rule read: the last one in the file is the presentation mode's bold bar text.
        assertThat(sheet.getRules()
                        .get(sheet.getRules().size() - 1)
                        .getSelectors()
                        .toString())
                .contains("presentation")
                .contains("usage-text");
    }
}
