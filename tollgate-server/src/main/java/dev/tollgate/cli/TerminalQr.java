package dev.tollgate.cli;

import io.nayuki.qrcodegen.QrCode;

/**
 * A QR code drawn with Unicode half blocks, two rows of modules per line of text, as
 * {@code qrencode -t UTF8} draws one: light modules and the quiet zone are ink, so the code reads
 * right on a terminal's dark background (phone cameras read the inverse too).
 */
final class TerminalQr {
    private static final int QUIET_ZONE = 2;

    private TerminalQr() {}

    static String draw(String text) {
        QrCode qr = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
        int size = qr.size;
        StringBuilder out = new StringBuilder();
        for (int y = -QUIET_ZONE; y < size + QUIET_ZONE; y += 2) {
            for (int x = -QUIET_ZONE; x < size + QUIET_ZONE; x++) {
                boolean top = light(qr, x, y);
                boolean bottom = light(qr, x, y + 1);
                out.append(top && bottom ? '\u2588' : top ? '\u2580' : bottom ? '\u2584' : ' ');
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** Outside the symbol is the quiet zone, which is light; the module's own colour otherwise. */
    private static boolean light(QrCode qr, int x, int y) {
        if (y >= qr.size + QUIET_ZONE) {
            return false; // the half row below the last line of an odd height
        }
        return !qr.getModule(x, y); // getModule answers false (light) outside the symbol
    }
}
