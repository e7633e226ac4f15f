package org.flatlens.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsImagesAndLabelsPlainAndGzipped() {
        byte[] img = TestFiles.idxImages(5, 3, 4);
        byte[] lab = TestFiles.idxLabels(3, 0, 9, 1, 1);
        for (boolean gz : new boolean[] {false, true}) {
            Path i = TestFiles.write(dir, "img" + gz, gz ? TestFiles.gzip(img) : img);
            Path l = TestFiles.write(dir, "lab" + gz, gz ? TestFiles.gzip(lab) : lab);
            LabeledImages r = IdxReader.read(i, l, 10);
            assertEquals(5, r.count());
            assertEquals(1, r.channels());
            assertEquals(3, r.height());
            assertEquals(4, r.width());
            assertArrayEquals(new int[] {3, 0, 9, 1, 1}, r.labels());
            for (int n = 0; n < 5; n++) {
                for (int j = 0; j < 12; j++) assertEquals(TestFiles.pixel(n, j), r.pixels()[n * 12 + j] & 0xff);
            }
        }
    }

    @Test
    void rejectsWrongMagic() {
        byte[] img = TestFiles.idxImages(2, 2, 2);
        img[0] = 0x12;
        Path f = TestFiles.write(dir, "bad-magic", img);
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.readImages(f));
        assertMessage(e, f, "bad IDX magic number 0x12000803");
    }

    @Test
    void rejectsLabelFileAsImagesAndWrongElementType() {
        Path l = TestFiles.write(dir, "labels", TestFiles.idxLabels(1, 2));
        assertMessage(assertThrows(DataFormatException.class, () -> IdxReader.readImages(l)), l,
                "has 1 dimensions; image files have 3");
        byte[] img = TestFiles.idxImages(1, 2, 2);
        img[2] = 0x0D;
        Path f = TestFiles.write(dir, "floats", img);
        assertMessage(assertThrows(DataFormatException.class, () -> IdxReader.readImages(f)), f,
                "element type 0x0d is not unsigned byte");
    }

    @Test
    void rejectsTruncatedAndTrailingBytes() {
        byte[] img = TestFiles.idxImages(3, 4, 4);
        Path t = TestFiles.write(dir, "trunc", Arrays.copyOf(img, img.length - 1));
        assertMessage(assertThrows(DataFormatException.class, () -> IdxReader.readImages(t)), t,
                "truncated: dimensions [3, 4, 4] need 64 bytes, found 63");
        Path x = TestFiles.write(dir, "trailing", Arrays.copyOf(img, img.length + 2));
        assertMessage(assertThrows(DataFormatException.class, () -> IdxReader.readImages(x)), x, "trailing data");
        Path h = TestFiles.write(dir, "header", Arrays.copyOf(img, 10));
        assertMessage(assertThrows(DataFormatException.class, () -> IdxReader.readImages(h)), h,
                "truncated IDX header");
        byte[] gz = TestFiles.gzip(img);
        Path g = TestFiles.write(dir, "trunc.gz", Arrays.copyOf(gz, gz.length / 2));
        assertMessage(assertThrows(DataFormatException.class, () -> IdxReader.readImages(g)), g, "gzip");
    }

    @Test
    void rejectsLabelOutOfRangeAndCountMismatch() {
        Path l = TestFiles.write(dir, "labels", TestFiles.idxLabels(1, 10, 2));
        assertMessage(assertThrows(DataFormatException.class, () -> IdxReader.readLabels(l, 10)), l,
                "label 10 at index 1 is outside 0..9");
        Path i = TestFiles.write(dir, "images", TestFiles.idxImages(2, 2, 2));
        Path l3 = TestFiles.write(dir, "labels3", TestFiles.idxLabels(1, 2, 3));
        assertMessage(assertThrows(DataFormatException.class, () -> IdxReader.read(i, l3, 10)), l3,
                "3 labels but images holds 2 images");
    }

    @Test
    void missingFileIsReportedAsNotFound() {
        Path f = dir.resolve("nope");
        DataNotFoundException e = assertThrows(DataNotFoundException.class, () -> IdxReader.readImages(f));
        assertTrue(e.getMessage().contains("nope: file not found"), e.getMessage());
    }

    static void assertMessage(RuntimeException e, Path file, String part) {
        String m = e.getMessage();
        assertTrue(m.startsWith(file.toString() + ": "), "message does not start with the file: " + m);
        assertTrue(m.contains(part), "message lacks '" + part + "': " + m);
        assertTrue(!m.contains("\n"), "message is not one line: " + m);
    }
}
