package io.retention.cli.history;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.retention.contract.InvalidEventException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The rows of a CSV file with a header line, each with its line number (the header is line 1; a row counts as one line
 * even if a quoted field in it holds a newline). Quoted fields may hold the separator.
 */
final class CsvRows {
    private static final CsvMapper MAPPER = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);

    /** What a file's rows go to. */
    interface RowHandler {
        void row(long line, List<String> values);
    }

    private CsvRows() {}

    /** Reads the header, then hands each row on; answers the header. */
    static List<String> read(InputStream in, char separator, HeaderHandler onHeader, RowHandler onRow)
            throws IOException {
        CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator(separator);
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
                MappingIterator<String[]> rows =
                        MAPPER.readerFor(String[].class).with(schema).readValues(reader)) {
            if (!rows.hasNext()) {
                throw new IllegalArgumentException("the file is empty: a header line is needed");
            }
            List<String> header = Arrays.asList(rows.next());
            if (!header.isEmpty() && header.get(0).startsWith("\uFEFF")) {
                header.set(0, header.get(0).substring(1)); // a byte-order mark, as spreadsheets write it
            }
            onHeader.header(header);
            long line = 1;
            while (rows.hasNext()) {
                line++;
                String[] values = rows.next();
                if (values.length == 1 && values[0].isBlank()) {
                    continue;
                }
                onRow.row(line, Arrays.asList(values));
            }
            return header;
        }
    }

    /** What a file's header goes to, before its rows. */
    interface HeaderHandler {
        void header(List<String> header);
    }

    /** What a reader makes of one row; a row it cannot take is an IllegalArgumentException or InvalidEventException. */
    interface FieldsHandler {
        void row(long line, Fields fields);
    }

    /**
     * Reads a file of one kind: locates the fields in the header (the {@code required} ones must have a column; then
     * {@code checkHeader} may refuse it), counts every row, hands each on by field, and rejects a row its handler
     * refuses, with the reason.
     */
    static void readFields(
            NamedInput input,
            Columns columns,
            List<String> required,
            Consumer<Map<String, Integer>> checkHeader,
            Sink sink,
            FieldsHandler handler)
            throws IOException {
        AtomicReference<Map<String, Integer>> at = new AtomicReference<>();
        read(
                input.stream(),
                input.separator(),
                header -> {
                    at.set(columns.locate(header, required, input.name()));
                    checkHeader.accept(at.get());
                },
                (line, values) -> {
                    sink.row();
                    try {
                        handler.row(line, new Fields(values, at.get()));
                    } catch (IllegalArgumentException e) {
                        sink.reject(input.name(), line, e.getMessage());
                    } catch (InvalidEventException e) {
                        sink.reject(input.name(), line, String.join("; ", e.problems()));
                    }
                });
    }
}
