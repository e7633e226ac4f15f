package org.flatlens.analysis.jacobians;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flatlens.nn.Parameters;

/**
 * Checks that every parameter has exactly one per-sample gradient rule: the weight or bias of one site, or a
 * {@link org.flatlens.nn.ParamSite}. A parameter without a rule would silently drop out of {@code Tr(G)}; one with two
 * (a weight shared by two layers) would have its per-sample gradient split in two and its norm undercounted.
 */
final class Coverage {
    private Coverage() {}

    static void check(Parameters params, List<SiteInfo> sites, List<String> paramSiteNames) {
        Map<String, String> owner = new HashMap<>();
        for (SiteInfo s : sites) {
            claim(owner, s.weight(), "site " + s.layer());
            if (s.bias() != null) claim(owner, s.bias(), "site " + s.layer());
        }
        for (String p : paramSiteNames) claim(owner, p, "its parameter site");
        for (String name : params.names()) {
            if (!owner.containsKey(name)) {
                throw new IllegalArgumentException("no per-sample gradient rule for parameter '" + name
                        + "': it is neither a site's weight or bias nor recorded as a ParamSite");
            }
        }
        for (String name : owner.keySet()) {
            if (!params.asMap().containsKey(name)) {
                throw new IllegalArgumentException("a site refers to parameter '" + name + "', which the model lacks");
            }
        }
    }

    private static void claim(Map<String, String> owner, String name, String by) {
        String before = owner.putIfAbsent(name, by);
        if (before != null) {
            throw new IllegalArgumentException("parameter '" + name + "' is used by " + before + " and by " + by
                    + "; shared parameters are not supported");
        }
    }
}
