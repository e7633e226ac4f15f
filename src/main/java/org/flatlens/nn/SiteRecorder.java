package org.flatlens.nn;

import java.util.ArrayList;
import java.util.List;
import org.flatlens.autodiff.Var;

/**
 * Collects the {@link Site}s of one forward pass, in forward order. A forward pass without a recorder records nothing
 * and adds no nodes.
 */
public final class SiteRecorder {
    private final List<Site> sites = new ArrayList<>();

    /** Sites recorded so far, in forward order. */
    public List<Site> sites() {
        return List.copyOf(sites);
    }

    void add(Site s) {
        sites.add(s);
    }
}
