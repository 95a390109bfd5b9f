package dev.tollgate.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds a {@link Config} from, in rising precedence: the built-in defaults, the TOML file,
 * {@code TOLLGATE_<SECTION>_<KEY>} environment variables and {@code key=value} overrides from the
 * command line. Keys the defaults do not know are rejected by name.
 */
public final class ConfigLoader {
    private static final String DEFAULTS = "/dev/tollgate/config/defaults.toml";

    private final ObjectMapper mapper = TomlMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    public Config load(Path file, Map<String, String> env, Map<String, String> overrides) {
        ObjectNode tree = defaults();
        Map<String, JsonNode> leaves = leaves(tree);
        if (file != null) {
            merge(tree, readFile(file));
        }
        env.forEach((name, value) -> {
            leaves.keySet().stream()
                    .filter(path -> envName(path).equals(name))
                    .findFirst()
                    .ifPresent(path -> set(tree, path, value, leaves.get(path)));
        });
        overrides.forEach((path, value) -> {
            if (!leaves.containsKey(path)) {
                throw new ConfigException("unknown config key '" + path + "'");
            }
            set(tree, path, value, leaves.get(path));
        });
        bindPasswords(tree, env);
        return validate(toConfig(tree));
    }

    /**
     * A directory's service account password may come from {@code TOLLGATE_DIRECTORIES_<NAME>_BIND_PASSWORD}
     * (the name in capitals, {@code -} as {@code _}), so that the file need not hold it.
     */
    private static void bindPasswords(ObjectNode tree, Map<String, String> env) {
        if (!(tree.get("directories") instanceof ArrayNode directories)) {
            return;
        }
        for (JsonNode directory : directories) {
            if (directory instanceof ObjectNode table && table.get("name") instanceof TextNode name) {
                String password = env.get(bindPasswordVariable(name.asText()));
                if (password != null) {
                    table.put("bind_password", password);
                }
            }
        }
    }

    /** The environment variable that holds a directory's bind password. */
    public static String bindPasswordVariable(String directory) {
        return "TOLLGATE_DIRECTORIES_" + directory.replace('-', '_').toUpperCase(Locale.ROOT) + "_BIND_PASSWORD";
    }

    public Config defaultsOnly() {
        return load(null, Map.of(), Map.of());
    }

    /** The environment variable that overrides a dotted key, e.g. {@code TOLLGATE_SERVER_PORT}. */
    public static String envName(String path) {
        return "TOLLGATE_" + path.replace('.', '_').toUpperCase(Locale.ROOT);
    }

    public List<String> keys() {
        return new ArrayList<>(leaves(defaults()).keySet());
    }

    private ObjectNode defaults() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS)) {
            return (ObjectNode) mapper.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("built-in defaults unreadable", e);
        }
    }

    private JsonNode readFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("config file not found: " + file);
        }
        try {
            JsonNode node = mapper.readTree(file.toFile());
            if (!(node instanceof ObjectNode)) {
                throw new ConfigException("config file " + file + " is empty or not a TOML document");
            }
            return node;
        } catch (JacksonException e) {
            throw new ConfigException("config file " + file + " is not valid TOML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException("config file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    private Config toConfig(ObjectNode tree) {
        try {
            return mapper.treeToValue(tree, Config.class);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException("unknown config key '" + path(e) + "'");
        } catch (JsonMappingException e) {
            throw new ConfigException("config key '" + path(e) + "' has a value of the wrong type: "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (JacksonException e) {
            throw new ConfigException("configuration unreadable: " + e.getOriginalMessage());
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static Config validate(Config config) {
        new ConfigValidator(config).validate();
        return config;
    }

    private static void merge(ObjectNode target, JsonNode source) {
        Iterator<Map.Entry<String, JsonNode>> fields = source.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode existing = target.get(field.getKey());
            if (existing instanceof ObjectNode existingTable && field.getValue() instanceof ObjectNode) {
                merge(existingTable, field.getValue());
            } else {
                target.set(field.getKey(), field.getValue());
            }
        }
    }

    private static Map<String, JsonNode> leaves(ObjectNode tree) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        collect("", tree, out);
        return out;
    }

    private static void collect(String prefix, JsonNode node, Map<String, JsonNode> out) {
        node.fields().forEachRemaining(field -> {
            String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            if (field.getValue().isObject()) {
                collect(path, field.getValue(), out);
            } else {
                out.put(path, field.getValue());
            }
        });
    }

    /** A list key (such as {@code server.trusted_proxies}) takes a comma-separated value. */
    private static void set(ObjectNode tree, String path, String value, JsonNode defaultValue) {
        String[] parts = path.split("\\.");
        ObjectNode table = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode next = table.get(parts[i]);
            if (!(next instanceof ObjectNode)) {
                next = table.putObject(parts[i]);
            }
            table = (ObjectNode) next;
        }
        table.set(parts[parts.length - 1], defaultValue.isArray() ? list(value) : TextNode.valueOf(value));
    }

    private static ArrayNode list(String value) {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (String item : value.split(",")) {
            if (!item.isBlank()) {
                list.add(item.trim());
            }
        }
        return list;
    }
}
