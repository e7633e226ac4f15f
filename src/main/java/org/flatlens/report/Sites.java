package org.flatlens.report;

import java.util.List;
import org.flatlens.analysis.bounds.Bounds;

/**
 * Display names of representation sites. A site is the input of a linear layer; metrics name it by the layer's
 * parameter prefix, except the first, named {@code input}. In an MLP the sites become {@code fc1 (dense)},
 * {@code fc2 (dense)}, ... in forward order; elsewhere the key is kept and the layer kind added, e.g.
 * {@code conv2 (conv)}. {@code network} (the network-wide bounds) stays as it is.
 */
final class Sites {
    private Sites() {}

    /**
     * @param arch  the architecture key ({@code mlp}, {@code lenet}, ...)
     * @param order the site keys in forward order (as they first appear in the bound checks)
     */
    static String label(String arch, List<String> order, String site) {
        if (site.equals(Bounds.NETWORK_SITE)) return "network";
        int i = order.indexOf(site);
        if ("mlp".equals(arch) && i >= 0) return "fc" + (i + 1) + " (dense)";
        String kind = site.contains("conv") || site.startsWith("features.") || site.contains("patch_embed")
                || (site.equals("input") && !"vit".equals(arch) && !"mlp".equals(arch)) ? "conv" : "dense";
        return site + " (" + kind + ")";
    }
}
