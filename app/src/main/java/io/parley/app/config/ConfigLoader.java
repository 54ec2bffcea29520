package io.parley.app.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Merges configuration, later sources winning: defaults, then a YAML file (nested maps or dotted
 * keys), then {@code PARLEY_*} environment variables, then command-line overrides. Unknown keys
 * fail with a message that names them.
 */
public final class ConfigLoader {

  private ConfigLoader() {}

  public static Config load(Path file, Map<String, String> environment, Map<String, String> flags) {
    Map<String, String> values = Settings.defaults();
    List<String> unknown = new ArrayList<>();
    if (file != null) {
      for (var entry : readYaml(file).entrySet()) {
        if (Settings.isKnown(entry.getKey())) values.put(entry.getKey(), entry.getValue());
        else unknown.add(entry.getKey() + " (in " + file + ")");
      }
    }
    for (Setting setting : Settings.ALL) {
      String fromEnv = environment.get(setting.environmentVariable());
      if (fromEnv != null) values.put(setting.key(), fromEnv);
    }
    for (String name : new TreeSet<>(environment.keySet())) {
      if (name.startsWith("PARLEY_")
          && !Settings.ENVIRONMENT_ONLY.contains(name)
          && Settings.ALL.stream().noneMatch(s -> s.environmentVariable().equals(name))) {
        unknown.add(name + " (environment)");
      }
    }
    for (var entry : flags.entrySet()) {
      if (Settings.isKnown(entry.getKey())) values.put(entry.getKey(), entry.getValue());
      else unknown.add(entry.getKey() + " (flag)");
    }
    if (!unknown.isEmpty()) {
      throw new ConfigException("unknown configuration keys: " + String.join(", ", unknown));
    }
    return new Config(values);
  }

  private static Map<String, String> readYaml(Path file) {
    Object root;
    try (Reader reader = Files.newBufferedReader(file)) {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
    } catch (RuntimeException e) {
      throw new ConfigException("config file " + file + " is not valid YAML: " + e.getMessage());
    }
    Map<String, String> flat = new LinkedHashMap<>();
    if (root == null) return flat;
    if (!(root instanceof Map<?, ?> map)) {
      throw new ConfigException("config file " + file + " must hold a YAML mapping");
    }
    flatten("", map, flat);
    return flat;
  }

  private static void flatten(String prefix, Map<?, ?> map, Map<String, String> out) {
    for (var entry : map.entrySet()) {
      String key = prefix + entry.getKey();
      if (entry.getValue() instanceof Map<?, ?> nested) flatten(key + ".", nested, out);
      else out.put(key, entry.getValue() == null ? null : String.valueOf(entry.getValue()));
    }
  }
}
