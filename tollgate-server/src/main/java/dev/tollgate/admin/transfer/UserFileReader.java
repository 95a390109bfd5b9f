package dev.tollgate.admin.transfer;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.tollgate.admin.UserSpec;
import dev.tollgate.admin.Users;
import dev.tollgate.store.Profile;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code import users}: JSON Lines in the {@link Lines} format (what {@code export} writes), or
 * CSV with a header row naming some of {@code username,password_hash,email,name,scopes} (scopes
 * separated by spaces), as a table exported from Laravel's or anyone's database gives it. A file
 * whose name ends in {@code .csv}, or whose first line starts with {@code username}, is CSV.
 */
final class UserFileReader {
    static final List<String> CSV_COLUMNS = List.of("username", "password_hash", "email", "name", "scopes");
    private static final ObjectMapper JSON = new ObjectMapper();

    private UserFileReader() {}

    static RecordReader open(Path file) throws IOException {
        return isCsv(file) ? csv(file) : jsonLines(file);
    }

    private static boolean isCsv(Path file) throws IOException {
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
            return true;
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = in.readLine();
            return first != null && first.strip().replace("\uFEFF", "").startsWith("username");
        }
    }

    private static RecordReader jsonLines(Path file) throws IOException {
        BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        return new RecordReader() {
            long line;
            long number;

            @Override
            public ImportRecord read() throws IOException {
                String text;
                do {
                    text = in.readLine();
                    line++;
                    if (text == null) {
                        return null;
                    }
                } while (text.isBlank());
                number++;
                try {
                    ImportRecord.User user = UserLine.read(JSON.getFactory(), number, text);
                    return user != null ? user : Lines.read(number, JSON.readTree(text));
                } catch (JacksonException e) {
                    throw new InvalidRecord(number, line, null, "is not JSON: " + e.getOriginalMessage(), false);
                } catch (FieldError e) {
                    throw new InvalidRecord(number, line, e.field, e.reason, false);
                }
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }

    private static RecordReader csv(Path file) throws IOException {
        BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        MappingIterator<Map<String, String>> rows;
        try {
            rows = new CsvMapper().readerForMapOf(String.class)
                    .with(CsvSchema.emptySchema().withHeader().withNullValue(""))
                    .readValues(in);
            if (rows.getParserSchema() instanceof CsvSchema schema) {
                for (CsvSchema.Column column : schema) {
                    if (!CSV_COLUMNS.contains(column.getName())) {
                        throw new InvalidRecord(0, 1, null, "the header names column '" + column.getName()
                                + "'; the columns are " + String.join(",", CSV_COLUMNS), true);
                    }
                }
            }
        } catch (JacksonException e) {
            in.close();
            throw new InvalidRecord(0, 1, null, "is no CSV header: " + e.getOriginalMessage(), true);
        } catch (RuntimeException e) {
            in.close();
            throw e;
        }
        return new RecordReader() {
            long number;

            @Override
            public ImportRecord read() throws IOException {
                Map<String, String> row;
                try {
                    if (!rows.hasNextValue()) {
                        return null;
                    }
                    number++;
                    row = rows.nextValue();
                } catch (JacksonException e) {
                    throw new InvalidRecord(number + (number == 0 ? 1 : 0), 0, null,
                            "is no CSV row: " + e.getOriginalMessage(), true);
                }
                String username = row.get("username");
                String hash = row.get("password_hash");
                if (username == null) {
                    throw new InvalidRecord(number, 0, "username", "is required", false);
                }
                if (hash == null) {
                    throw new InvalidRecord(number, 0, "password_hash", "is required", false);
                }
                String scopes = row.get("scopes");
                List<String> scopeList = scopes == null || scopes.isBlank() ? List.of()
                        : Arrays.stream(scopes.strip().split("\\s+")).toList();
                return new ImportRecord.User(number, new Users.UserImport(null, new UserSpec(username, scopeList,
                        new Profile(row.get("email"), false, row.get("name"), null, null, null)), hash, false));
            }

            @Override
            public void close() throws IOException {
                rows.close();
                in.close();
            }
        };
    }
}
