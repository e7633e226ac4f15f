package org.flatlens.nn;

import java.util.ArrayList;
import java.util.List;
import org.flatlens.autodiff.Var;
import org.flatlens.tensor.Shape;

/**
 * Collects the {@link Site}s of one forward pass, in forward order, and the {@link ParamSite}s of the parameters that
 * belong to no site. A forward pass without a recorder records nothing and adds no nodes.
 */
public final class SiteRecorder {
    private final List<Site> sites = new ArrayList<>();
    private final List<ParamSite> paramSites = new ArrayList<>();

    /** Sites recorded so far, in forward order. */
    public List<Site> sites() {
        return List.copyOf(sites);
    }

    /** Parameter uses recorded so far, in forward order. */
    public List<ParamSite> paramSites() {
        return List.copyOf(paramSites);
    }

    /** Records a site (layers call this from their forward pass). */
    public void add(Site s) {
        sites.add(s);
    }

    /**
     * Records the use of {@code param} broadcast to {@code target} (the shape of the activation it is combined with,
     * leading axis the batch) and returns the expanded, tapped node for the layer to use in its place.
     */
    public Var perRow(String name, Var param, Shape target) {
        Var use = param.expand(target).tap();
        paramSites.add(new ParamSite(name, use));
        return use;
    }
}
