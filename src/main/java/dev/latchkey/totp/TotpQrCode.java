package dev.latchkey.totp;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * The enrolment QR code: a Key URI ({@code otpauth://totp/...}, the format Google Authenticator defined and
 * every authenticator app reads) drawn as a PNG and returned as a data URI, which the browser SDK's UI puts
 * verbatim into {@code <img src>}.
 */
public final class TotpQrCode {
    private static final int SIZE_PIXELS = 256;

    private TotpQrCode() {}

    /**
     * The Key URI for a secret issued by Latchkey ({@link Totp#DEFAULT} parameters). The label is
     * {@code issuer:account}; both parts are percent-encoded, the colon between them is not.
     */
    public static String uri(String issuer, String accountName, String base32Secret) {
        String encodedIssuer = encode(issuer);
        return "otpauth://totp/" + encodedIssuer + ":" + encode(accountName)
                + "?secret=" + base32Secret
                + "&issuer=" + encodedIssuer
                + "&algorithm=SHA1&digits=" + Totp.DEFAULT.digits()
                + "&period=" + Totp.DEFAULT.periodSeconds();
    }

    /** {@code data:image/png;base64,...} of the QR code of {@link #uri}. */
    public static String dataUri(String issuer, String accountName, String base32Secret) {
        return "data:image/png;base64,"
                + Base64.getEncoder().encodeToString(png(uri(issuer, accountName, base32Secret)));
    }

    static byte[] png(String text) {
        try {
            BitMatrix matrix = new QRCodeWriter()
                    .encode(
                            text,
                            BarcodeFormat.QR_CODE,
                            SIZE_PIXELS,
                            SIZE_PIXELS,
                            Map.of(
                                    EncodeHintType.ERROR_CORRECTION,
                                    ErrorCorrectionLevel.M,
                                    EncodeHintType.CHARACTER_SET,
                                    "UTF-8",
                                    EncodeHintType.MARGIN,
                                    2));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            MatrixToImageWriter.writeToStream(matrix, "PNG", out);
            return out.toByteArray();
        } catch (WriterException e) {
            throw new IllegalStateException("a Key URI always fits in a QR code", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // Percent-encoding for a URI path segment or query value: URLEncoder writes a space as '+', which
    // authenticator apps would show literally in the label.
    private static String encode(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
