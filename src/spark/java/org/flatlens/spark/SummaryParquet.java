package org.flatlens.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.flatlens.experiments.Csv;

/**
 * {@code summary.csv} as a Parquet table (a folder {@code summary.parquet/} with one part file), same columns in the
 * same order. A column is a 64-bit integer if it is one of the run's counts, a double if every value is a number
 * (the CSV's shortest round-trip decimals, so the doubles are the same bits), else a string; an empty field is null.
 */
public final class SummaryParquet {
    public static final String NAME = "summary.parquet";
    private static final Set<String> INTEGERS = Set.of("batch_size", "steps", "seed", "step", "interpolation_step",
            "diverged_step", "tracked_points");
    private static final Set<String> TEXTS = Set.of("id", "arch", "options", "dataset", "classes", "loss", "status",
            "error");

    private SummaryParquet() {}

    public static void write(SparkSession spark, Path csv, Path parquet) {
        List<List<String>> rows;
        try {
            rows = Csv.parse(Files.readString(csv));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv + ": " + e.getMessage(), e);
        }
        List<String> header = rows.get(0);
        List<List<String>> body = rows.subList(1, rows.size());
        List<DataType> types = new ArrayList<>();
        List<StructField> fields = new ArrayList<>();
        for (int c = 0; c < header.size(); c++) {
            DataType t = type(header.get(c), column(body, c));
            types.add(t);
            fields.add(DataTypes.createStructField(header.get(c), t, true));
        }
        List<Row> data = new ArrayList<>();
        for (List<String> r : body) {
            Object[] v = new Object[header.size()];
            for (int c = 0; c < v.length; c++) v[c] = value(c < r.size() ? r.get(c) : "", types.get(c));
            data.add(RowFactory.create(v));
        }
        spark.createDataFrame(data, new StructType(fields.toArray(StructField[]::new))).coalesce(1).write()
                .mode(SaveMode.Overwrite).parquet(parquet.toAbsolutePath().toUri().toString());
    }

    private static List<String> column(List<List<String>> rows, int c) {
        return rows.stream().map(r -> c < r.size() ? r.get(c) : "").filter(s -> !s.isEmpty()).toList();
    }

    private static DataType type(String name, List<String> values) {
        if (TEXTS.contains(name)) return DataTypes.StringType;
        if (INTEGERS.contains(name) && values.stream().allMatch(SummaryParquet::isLong)) return DataTypes.LongType;
        return values.stream().allMatch(SummaryParquet::isDouble) ? DataTypes.DoubleType : DataTypes.StringType;
    }

    private static Object value(String s, DataType t) {
        if (t == DataTypes.StringType) return s;
        if (s.isEmpty()) return null;
        return t == DataTypes.LongType ? (Object) Long.parseLong(s) : (Object) Double.parseDouble(s);
    }

    private static boolean isLong(String s) {
        try {
            Long.parseLong(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isDouble(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
