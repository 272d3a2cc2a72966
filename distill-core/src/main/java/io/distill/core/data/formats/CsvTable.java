package io.distill.core.data.formats;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * One CSV file, plain or gzipped, parsed with Apache Commons CSV: every column but the label column is a number.
 *
 * @param file     the file's name
 * @param features the feature values, row by row
 * @param width    features per row
 * @param labels   each row's label as written
 */
record CsvTable(String file, float[] features, int width, List<String> labels) {

    /** Reads {@code path}, taking the label from {@link ReadOptions#labelColumn} (the last column when null). */
    static CsvTable read(Path path, ReadOptions options, InputLimits limits) throws IOException {
        String file = InputLimits.name(path);
        CSVFormat format = CSVFormat.DEFAULT.builder().setTrim(true).setIgnoreEmptyLines(true).get();
        try (InputStream in = limits.open(path);
                Reader reader = withoutBom(new InputStreamReader(in, StandardCharsets.UTF_8));
                CSVParser parser = CSVParser.parse(reader, format)) {
            List<String> header = null;
            float[] values = new float[1024];
            int n = 0;
            int width = -1;
            int labelAt = -1;
            List<String> labels = new ArrayList<>();
            for (CSVRecord record : parser) {
                long line = parser.getCurrentLineNumber();
                if (labelAt < 0) {
                    header = options.header() ? record.toList() : null;
                    labelAt = labelColumn(file, options.labelColumn(), record.size(), header);
                    width = record.size() - 1;
                    if (header != null) {
                        continue;
                    }
                }
                if (record.size() != width + 1) {
                    throw new DatasetFileException(file, "Line " + line + " of " + file + " has " + record.size()
                            + " columns, expected " + (width + 1) + " like the first line.");
                }
                if (n + width > values.length) {
                    values = Arrays.copyOf(values, Math.max(n + width, values.length * 2));
                }
                for (int c = 0; c < record.size(); c++) {
                    if (c == labelAt) {
                        labels.add(record.get(c));
                    } else {
                        values[n++] = number(file, line, column(c, header), record.get(c));
                    }
                }
            }
            if (labels.isEmpty()) {
                throw new DatasetFileException(file, "File " + file + " has no data rows.");
            }
            return new CsvTable(file, Arrays.copyOf(values, n), width, List.copyOf(labels));
        } catch (UncheckedIOException e) {
            throw InputLimits.corrupt(file, e.getCause());
        }
    }

    /** Skips the byte-order mark that spreadsheet programs put before UTF-8 text. */
    private static Reader withoutBom(Reader reader) throws IOException {
        PushbackReader pushback = new PushbackReader(reader, 1);
        int first = pushback.read();
        if (first != -1 && first != '\uFEFF') {
            pushback.unread(first);
        }
        return pushback;
    }

    int rows() {
        return labels.size();
    }

    /** The label column's index: by header name first, else digits as a 0-based index, else the last column. */
    private static int labelColumn(String file, String wanted, int columns, List<String> header) {
        if (columns < 2) {
            throw new DatasetFileException(file, "File " + file + " has " + columns
                    + " column, expected at least one feature column and a label column.");
        }
        if (wanted == null) {
            return columns - 1;
        }
        if (header != null && header.contains(wanted)) {
            return header.indexOf(wanted);
        }
        if (wanted.matches("\\d{1,9}") && Integer.parseInt(wanted) < columns) {
            return Integer.parseInt(wanted);
        }
        throw new DatasetFileException(file, "File " + file + " has no label column '" + wanted + "'; its "
                + (header != null ? "columns are " + header : columns + " columns have no header row")
                + ", so give a column name" + (header != null ? "" : " only with a header") + " or a 0-based index"
                + " below " + columns + ".");
    }

    private static String column(int c, List<String> header) {
        return header != null ? "column '" + header.get(c) + "'" : "column index " + c;
    }

    private static float number(String file, long line, String column, String value) {
        try {
            return Float.parseFloat(value);
        } catch (NumberFormatException e) {
            throw new DatasetFileException(file, "Line " + line + " of " + file + ", " + column + ", holds '"
                    + value + "', expected a number.");
        }
    }
}
