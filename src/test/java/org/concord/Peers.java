package org.concord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The TAXII 2.1 software written by others that tests talk to, run in place from
 * {@code ../shared/peers} (its README): the OASIS reference server medallion and the OASIS
 * {@code taxii2-client}, both Python. Their dependencies are Debian packages that {@code ./test}
 * installs when missing ({@code bin/peer-deps}); a test that needs them and finds them missing
 * fails saying what to install, it never skips (CI must prove interop).
 *
 * <p>The interpreter is Debian's {@code /usr/bin/python3}, where those packages go (a
 * {@code python3} earlier on the PATH, e.g. pyenv's, does not see them), else {@code python3};
 * {@code -Dconcord.python=...} or the environment's {@code CONCORD_PYTHON} (as for bin/peer-deps) overrides.
 */
public final class Peers {
    /** The peers' folder: never written to (no byte code is cached there). */
    public static final Path DIR = Path.of(System.getProperty("concord.shared", "../shared"), "peers").toAbsolutePath().normalize();

    /** Python modules medallion and taxii2-client import, with the Debian package of each. */
    private static final Map<String, String> MODULES = new java.util.TreeMap<>(Map.of("flask", "python3-flask", "flask_httpauth", "python3-flask-httpauth",
            "pytz", "python3-tz", "six", "python3-six", "requests", "python3-requests", "appdirs", "python3-appdirs",
            "packaging", "python3-packaging", "attr", "python3-attr", "jsonschema", "python3-jsonschema"));

    private static volatile boolean checked;

    private Peers() {}

    /** The Python interpreter the peers run on. */
    public static String python() {
        String given = System.getProperty("concord.python", System.getenv("CONCORD_PYTHON"));
        if (given != null && !given.isBlank()) return given;
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    /**
     * A process running {@code python3 args...} with the peers on its module path, nothing of
     * theirs cached, and {@code REQUESTS_CA_BUNDLE} unset (it would override the {@code verify=}
     * a test gives {@code requests}).
     *
     * @throws AssertionError when Python or the peers' dependencies are missing, saying what to install
     */
    public static ProcessBuilder python(String... args) {
        requireDependencies();
        List<String> command = new ArrayList<>(List.of(python()));
        command.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(command);
        Map<String, String> env = b.environment();
        env.put("PYTHONPATH", String.join(":", DIR.resolve("medallion").toString(), DIR.resolve("taxii2-client").toString(),
                DIR.resolve("environ-config/src").toString(), DIR.resolve("jsonmerge").toString()));
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        env.put("PYTHONUNBUFFERED", "1");
        env.put("PYTHONIOENCODING", "utf-8");
        env.remove("REQUESTS_CA_BUNDLE");
        env.remove("CURL_CA_BUNDLE");
        return b;
    }

    /** Checks once that Python and every module the peers import are there. */
    public static void requireDependencies() {
        if (checked) return;
        if (!Files.isDirectory(DIR.resolve("medallion")) || !Files.isDirectory(DIR.resolve("taxii2-client"))) {
            throw new AssertionError("the TAXII peers are not at " + DIR + " (medallion/, taxii2-client/; see its README):"
                    + " run the tests from the project folder, or give -Dconcord.shared=PATH");
        }
        String imports = "import " + String.join(", ", MODULES.keySet());
        String out;
        int status;
        try {
            Process p = new ProcessBuilder(python(), "-c", imports).redirectErrorStream(true).start();
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(python() + " did not answer within 60 s");
            }
            status = p.exitValue();
        } catch (IOException e) {
            throw new AssertionError("no Python to run the TAXII peers (medallion, taxii2-client): " + python() + " cannot be started ("
                    + e.getMessage() + "); install it: apt-get install -y python3 " + String.join(" ", MODULES.values()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        if (status != 0) {
            throw new AssertionError("the TAXII peers (medallion, taxii2-client) need Python modules " + python() + " lacks: "
                    + out.lines().reduce((a, b) -> b).orElse("") + ". ./test installs them (bin/peer-deps); by hand: apt-get install -y "
                    + String.join(" ", MODULES.values()));
        }
        checked = true;
    }

    /** Writes {@code text} to {@code file}, for a peer's configuration. */
    public static Path write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
