package org.flatlens.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShapeTest {
    @Test
    void sizeRankAndDims() {
        Shape s = Shape.of(2, 3, 4);
        assertEquals(3, s.rank());
        assertEquals(24, s.size());
        assertArrayEquals(new int[] {2, 3, 4}, s.dims());
        assertEquals(0, Shape.scalar().rank());
        assertEquals(1, Shape.scalar().size(), "a scalar has one element");
        assertEquals(0, Shape.of(3, 0, 2).size());
    }

    @Test
    void isImmutable() {
        int[] d = {2, 3};
        Shape s = Shape.of(d);
        d[0] = 7;
        s.dims()[1] = 9;
        assertEquals(Shape.of(2, 3), s);
    }

    @Test
    void negativeAxesCountFromTheEnd() {
        Shape s = Shape.of(2, 3, 4);
        assertEquals(2, s.axis(-1));
        assertEquals(0, s.axis(-3));
        assertEquals(1, s.axis(1));
        assertEquals(4, s.dim(-1));
        assertEquals(2, s.dim(-3));
    }

    @Test
    void outOfRangeAxesFailClearly() {
        Shape s = Shape.of(2, 3, 4);
        for (int bad : new int[] {3, -4, 100}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.axis(bad));
            assertTrue(e.getMessage().contains("axis " + bad), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Shape.scalar().axis(0));
    }

    @Test
    void invalidDimensionsFail() {
        assertThrows(IllegalArgumentException.class, () -> Shape.of(2, -1));
        assertThrows(IllegalArgumentException.class, () -> Shape.of(1 << 16, 1 << 16), "size overflows int");
    }

    @Test
    void stridesAreRowMajor() {
        assertArrayEquals(new int[] {12, 4, 1}, Shape.of(2, 3, 4).strides());
        assertArrayEquals(new int[] {}, Shape.scalar().strides());
        assertArrayEquals(new int[] {1}, Shape.of(5).strides());
    }

    @Test
    void sizeOfAndWith() {
        Shape s = Shape.of(2, 3, 4, 5);
        assertEquals(12, s.sizeOf(1, 3));
        assertEquals(1, s.sizeOf(2, 2));
        assertEquals(120, s.sizeOf(0, 4));
        assertEquals(Shape.of(2, 3, 7, 5), s.with(-2, 7));
        assertEquals(Shape.of(2, 3, 4, 5), s, "with() returns a new shape");
    }

    @Test
    void broadcastFollowsNumpy() {
        assertEquals(Shape.of(2, 3), Shape.broadcast(Shape.of(2, 3), Shape.of(2, 3)));
        assertEquals(Shape.of(2, 3), Shape.broadcast(Shape.of(2, 3), Shape.scalar()));
        assertEquals(Shape.of(2, 3), Shape.broadcast(Shape.scalar(), Shape.of(2, 3)));
        assertEquals(Shape.of(2, 3), Shape.broadcast(Shape.of(3), Shape.of(2, 1)));
        assertEquals(Shape.of(2, 4, 3), Shape.broadcast(Shape.of(2, 1, 3), Shape.of(4, 1)));
        assertEquals(Shape.of(2, 4, 3), Shape.broadcast(Shape.of(4, 1), Shape.of(2, 1, 3)));
        assertEquals(Shape.of(5, 2, 4, 3), Shape.broadcast(Shape.of(5, 1, 1, 3), Shape.of(2, 4, 1)));
        assertEquals(Shape.of(0, 3), Shape.broadcast(Shape.of(0, 1), Shape.of(1, 3)), "size 0 broadcasts like any");
        assertEquals(Shape.of(1, 1), Shape.broadcast(Shape.of(1, 1), Shape.of(1)));
    }

    @Test
    void incompatibleBroadcastFails() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Shape.broadcast(Shape.of(2, 3), Shape.of(4)));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Shape.broadcast(Shape.of(0), Shape.of(2)));
        assertThrows(IllegalArgumentException.class, () -> Shape.broadcast(Shape.of(2, 1, 3), Shape.of(4, 2)));
    }

    @Test
    void equalsAndHashCode() {
        assertEquals(Shape.of(2, 3), Shape.of(2, 3));
        assertEquals(Shape.of(2, 3).hashCode(), Shape.of(2, 3).hashCode());
        assertNotEquals(Shape.of(2, 3), Shape.of(3, 2));
        assertNotEquals(Shape.of(6), Shape.of(6, 1));
        assertEquals("[2, 3]", Shape.of(2, 3).toString());
    }
}
