package org.flatlens.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Messages for mistyped command lines: which argument is unknown and the nearest command or option it may have meant
 * ({@code trian} → {@code train}, {@code --learning-rate} → {@code --lr}, {@code --step} → {@code --steps}).
 */
final class Suggestions {
    private Suggestions() {}

    /**
     * The first argument that is neither an option of {@code spec} nor an option's value nor a subcommand, as a message
     * with a suggestion; empty when every option is known. Picocli reports a missing required option before an
     * unknown one, which hides the real mistake ({@code --learning-rate 0.1} → "Missing required option '--lr'").
     */
    static Optional<String> unknownArgument(CommandSpec spec, List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) break;
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (spec.subcommands().containsKey(a)) {
                return unknownArgument(spec.subcommands().get(a).getCommandSpec(), args.subList(i + 1, args.size()));
            }
            if (name.startsWith("-") && name.length() > 1 && !isNumber(name)) {
                OptionSpec o = spec.findOption(name);
                if (o == null) return Optional.of(unknownOption(spec, name));
                if (o.arity().max() > 0 && !a.contains("=")) i++;
            } else if (i == 0 && !spec.subcommands().isEmpty() && spec.positionalParameters().isEmpty()) {
                return Optional.of(unknownCommand(spec, a));
            }
        }
        return Optional.empty();
    }

    static String unknownOption(CommandSpec spec, String name) {
        List<String> names = new ArrayList<>();
        for (OptionSpec o : spec.options()) if (!o.hidden()) names.addAll(List.of(o.names()));
        return "unknown option '" + name + "'" + nearest(name, names).map(n -> " (did you mean " + n + "?)").orElse("");
    }

    static String unknownCommand(CommandSpec spec, String word) {
        List<String> names = new ArrayList<>();
        for (var e : spec.subcommands().entrySet()) {
            if (!e.getValue().getCommandSpec().usageMessage().hidden()) names.add(e.getKey());
        }
        return "unknown command '" + word + "'" + nearest(word, names).map(n -> " (did you mean " + n + "?)")
                .orElse(" (commands: " + String.join(", ", names) + ")");
    }

    /**
     * The candidate closest to {@code word}: by edit distance (at most a third of the word, at least 2), or whose
     * words' initials spell it ({@code --learning-rate} ↔ {@code --lr}), or which it starts with or is started by.
     */
    static Optional<String> nearest(String word, Collection<String> candidates) {
        String w = strip(word);
        String best = null;
        int bestScore = Integer.MAX_VALUE;
        for (String c : candidates) {
            String s = strip(c);
            if (s.isEmpty()) continue;
            int d = distance(w, s);
            int score = d <= Math.max(2, w.length() / 3) ? d
                    : initials(w).equals(s) || initials(s).equals(w) ? 3
                    : (s.length() >= 3 && (w.startsWith(s) || s.startsWith(w))) ? 4 : Integer.MAX_VALUE;
            if (score < bestScore) {
                bestScore = score;
                best = c;
            }
        }
        return Optional.ofNullable(best);
    }

    private static String strip(String s) {
        return s.replaceFirst("^-+", "").toLowerCase(Locale.ROOT);
    }

    private static String initials(String s) {
        StringBuilder b = new StringBuilder();
        for (String part : s.split("[-_]")) if (!part.isEmpty()) b.append(part.charAt(0));
        return b.length() > 1 ? b.toString() : "\0";
    }

    private static boolean isNumber(String s) {
        return s.matches("-[0-9.].*");
    }

    /** Levenshtein distance with adjacent transpositions counted as one edit. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /** The message for a picocli parse error: the unknown argument with a suggestion when there is one. */
    static String message(CommandLine.ParameterException e, CommandSpec root, String[] args) {
        return unknownArgument(root, List.of(args)).orElse(e.getMessage());
    }
}
