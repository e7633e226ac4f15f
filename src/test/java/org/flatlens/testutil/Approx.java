package org.flatlens.testutil;

import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;

/**
 * Deep comparison of result records, maps, lists and arrays with a relative tolerance on every double (non-finite
 * values must match exactly), for results whose last bits may depend on how samples were batched: the GEMM kernel
 * sums A·Bᵀ products for a few rows in another order than for many.
 */
public final class Approx {
    private Approx() {}

    public static void assertClose(Object expected, Object actual, double relTol, String what) {
        String diff = difference(expected, actual, relTol, what);
        if (diff != null) fail(diff);
    }

    private static String difference(Object e, Object a, double tol, String path) {
        if (e == null || a == null) return e == a ? null : path + ": " + e + " vs " + a;
        if (e instanceof Double x && a instanceof Double y) return close(x, y, tol) ? null : path + ": " + x + " vs " + y;
        if (e instanceof double[] x && a instanceof double[] y) {
            if (x.length != y.length) return path + ": lengths " + x.length + " vs " + y.length;
            for (int i = 0; i < x.length; i++) if (!close(x[i], y[i], tol)) return path + "[" + i + "]: " + x[i] + " vs " + y[i];
            return null;
        }
        if (e instanceof Record r) {
            if (e.getClass() != a.getClass()) return path + ": " + e.getClass() + " vs " + a.getClass();
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                try {
                    String d = difference(c.getAccessor().invoke(e), c.getAccessor().invoke(a), tol, path + "." + c.getName());
                    if (d != null) return d;
                } catch (ReflectiveOperationException ex) {
                    return path + ": " + ex;
                }
            }
            return null;
        }
        if (e instanceof Map<?, ?> m && a instanceof Map<?, ?> n) {
            if (!m.keySet().equals(n.keySet())) return path + ": keys " + m.keySet() + " vs " + n.keySet();
            for (Object k : m.keySet()) {
                String d = difference(m.get(k), n.get(k), tol, path + "[" + k + "]");
                if (d != null) return d;
            }
            return null;
        }
        if (e instanceof List<?> l && a instanceof List<?> k) {
            if (l.size() != k.size()) return path + ": sizes " + l.size() + " vs " + k.size();
            for (int i = 0; i < l.size(); i++) {
                String d = difference(l.get(i), k.get(i), tol, path + "[" + i + "]");
                if (d != null) return d;
            }
            return null;
        }
        return e.equals(a) ? null : path + ": " + e + " vs " + a;
    }

    private static boolean close(double x, double y, double tol) {
        if (!Double.isFinite(x) || !Double.isFinite(y)) return Double.compare(x, y) == 0 || x == y;
        return Math.abs(x - y) <= tol * Math.max(Math.abs(x), Math.abs(y)) || x == y;
    }
}
