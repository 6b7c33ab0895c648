package dev.latchkey.totp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class TotpQrCodeTest {
    private static final String SECRET = "BTGNX5RKJRMQWQFRQKTG34JCF6XDRHZS";

    @Test
    void uriNamesIssuerAccountAndParameters() {
        assertThat(TotpQrCode.uri("Acme Inc", "ada@acme.test", SECRET))
                .isEqualTo("otpauth://totp/Acme%20Inc:ada%40acme.test?secret=" + SECRET
                        + "&issuer=Acme%20Inc&algorithm=SHA1&digits=6&period=30");
    }

    @Test
    void uriPercentEncodesColonsAndNonAsciiInTheLabel() {
        assertThat(TotpQrCode.uri("R&D: Zürich", "a+b@x.test", SECRET))
                .startsWith("otpauth://totp/R%26D%3A%20Z%C3%BCrich:a%2Bb%40x.test?secret=")
                .contains("&issuer=R%26D%3A%20Z%C3%BCrich&");
    }

    @Test
    void dataUriIsAPngWhoseQrCodeDecodesToTheUri() throws Exception {
        String dataUri = TotpQrCode.dataUri("Acme Inc", "ada@acme.test", SECRET);
        assertThat(dataUri).startsWith("data:image/png;base64,");
        byte[] png = Base64.getDecoder().decode(dataUri.substring("data:image/png;base64,".length()));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image).isNotNull();
        String decoded = new MultiFormatReader()
                .decode(
                        new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))),
                        Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE))
                .getText();
        assertThat(decoded).isEqualTo(TotpQrCode.uri("Acme Inc", "ada@acme.test", SECRET));
    }
}
