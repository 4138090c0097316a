package io.deploymcp.buildpacks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Python from {@code requirements.txt} or {@code pyproject.toml}, in a virtualenv at /opt/venv.
 * Installer: uv when {@code uv.lock} is there (with pyproject.toml), else pip; requirements.txt
 * wins over pyproject.toml for pip. Start: the Procfile's {@code web:} line, else {@code main.py}
 * or {@code app.py} run by uvicorn or gunicorn when the dependencies name them (module {@code
 * :app}), Django's {@code <project>/wsgi.py} with gunicorn, else {@code python main.py} / {@code
 * python app.py}.
 */
final class PythonPack implements LanguagePack {

  private static final String VENV = "/opt/venv";
  private static final String PIP_CACHE = DockerfileWriter.APP_HOME + "/.cache/pip";
  private static final String UV_CACHE = DockerfileWriter.APP_HOME + "/.cache/uv";
  private static final Pattern PYTHON_MODULE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  @Override
  public Optional<Generated> plan(ContextFiles files, PlanOptions options, BuildPack pack) {
    boolean requirements = files.isFile("requirements.txt");
    boolean pyproject = files.isFile("pyproject.toml");
    if (!requirements && !pyproject) {
      return Optional.empty();
    }
    boolean uv = pyproject && files.isFile("uv.lock");
    List<String> detectedFrom = new ArrayList<>();
    if (uv) {
      detectedFrom.addAll(List.of("pyproject.toml", "uv.lock"));
    } else {
      detectedFrom.add(requirements ? "requirements.txt" : "pyproject.toml");
    }
    String dependencies =
        files.read("requirements.txt").orElse("")
            + "\n"
            + files.read("pyproject.toml").orElse("")
            + "\n"
            + files.read("uv.lock").orElse("");
    String start = start(files, dependencies, detectedFrom);
    BaseImages images = options.baseImages();
    String image = images.require(BaseImages.PYTHON_VARIABLE, images.python(), Provider.PYTHON);

    DockerfileWriter writer = new DockerfileWriter(options.secretKeys());
    writer.header(
        pack,
        "python with " + (uv ? "uv" : "pip"),
        detectedFrom,
        List.of(BaseImages.PYTHON_VARIABLE));
    writer.from(image);
    writer.appUserStage(List.of(), List.of(VENV));
    writer.env("PORT", Integer.toString(options.port()));
    writer.env("VIRTUAL_ENV", VENV);
    writer.env("PATH", VENV + "/bin:$PATH");
    writer.env("PYTHONUNBUFFERED", "1");
    writer.env("PIP_DISABLE_PIP_VERSION_CHECK", "1");
    if (uv) {
      // uv installs into the venv made above; the cache is another filesystem, so copy, not link.
      writer.env("UV_PROJECT_ENVIRONMENT", VENV);
      writer.env("UV_LINK_MODE", "copy");
    }
    writer.user();
    writer.args(options.buildArgKeys());
    writer.run("python3 -m venv " + VENV);
    if (uv) {
      writer.runProject(
          List.of(PIP_CACHE), true, "command -v uv >/dev/null 2>&1 || pip install uv");
      writer.copyOwned(List.of("pyproject.toml", "uv.lock"), "./");
      // --inexact keeps uv itself (installed into the same venv when the image lacks it).
      writer.runProject(
          List.of(UV_CACHE), true, "uv sync --frozen --no-dev --inexact --no-install-project");
      writer.copyOwned(List.of("."), ".");
      writer.runProject(List.of(UV_CACHE), true, "uv sync --frozen --no-dev --inexact");
    } else if (requirements) {
      writer.copyOwned(List.of("requirements.txt"), "./");
      writer.runProject(List.of(PIP_CACHE), true, "pip install -r requirements.txt");
      writer.copyOwned(List.of("."), ".");
    } else {
      // No lockfile to key a dependency layer on: pyproject.toml installs with the sources.
      writer.copyOwned(List.of("."), ".");
      writer.runProject(List.of(PIP_CACHE), true, "pip install .");
    }
    writer.expose(options.port());
    writer.cmdShell(start);
    return Optional.of(
        new Generated(Provider.PYTHON, detectedFrom, writer.text(), List.of(".git", ".venv")));
  }

  private static String start(ContextFiles files, String dependencies, List<String> detectedFrom) {
    Optional<String> procfile = files.read("Procfile").flatMap(PythonPack::webCommand);
    if (procfile.isPresent()) {
      if (procfile.get().endsWith("\\")) {
        // A trailing backslash would join the next Dockerfile line to CMD.
        throw new BuildPlanException(
            BuildPlanException.Code.NO_BUILD_PLAN,
            "the Procfile's web line ends with a backslash",
            "Write the web command on one line without a trailing backslash.");
      }
      detectedFrom.add("Procfile");
      return procfile.get();
    }
    Optional<String> script = files.firstFile("main.py", "app.py");
    String module = script.map(name -> name.substring(0, name.length() - 3)).orElse("");
    if (script.isPresent() && mentions(dependencies, "uvicorn")) {
      detectedFrom.add(script.get());
      return "exec uvicorn " + module + ":app --host 0.0.0.0 --port \"$PORT\"";
    }
    if (mentions(dependencies, "gunicorn")) {
      if (script.isPresent()) {
        detectedFrom.add(script.get());
        return "exec gunicorn --bind \"0.0.0.0:$PORT\" " + module + ":app";
      }
      Optional<String> django = djangoProject(files);
      if (django.isPresent()) {
        detectedFrom.add(django.get() + "/wsgi.py");
        return "exec gunicorn --bind \"0.0.0.0:$PORT\" " + django.get() + ".wsgi";
      }
    }
    if (script.isPresent()) {
      detectedFrom.add(script.get());
      return "exec python " + script.get();
    }
    throw new BuildPlanException(
        BuildPlanException.Code.NO_BUILD_PLAN,
        "Python project (" + detectedFrom.getFirst() + ") with no way to start it",
        "Add a Procfile with a line 'web: <command>' that listens on $PORT, or a main.py or"
            + " app.py (served by uvicorn or gunicorn with an object named app when the"
            + " dependencies include one).");
  }

  /** The one directory holding Django's wsgi.py next to manage.py, if there is exactly one. */
  private static Optional<String> djangoProject(ContextFiles files) {
    if (!files.isFile("manage.py")) {
      return Optional.empty();
    }
    List<String> projects =
        files.directoriesIn("").stream()
            .filter(dir -> PYTHON_MODULE.matcher(dir).matches())
            .filter(dir -> files.isFile(dir + "/wsgi.py"))
            .toList();
    return projects.size() == 1 ? Optional.of(projects.getFirst()) : Optional.empty();
  }

  /**
   * The command of the Procfile's first {@code web:} line with a command, without the blanks
   * around it; a line ends at \n, \r, U+0085, U+2028 or U+2029. Scanned line by line: the regular expression this replaces backtracked
   * quadratically over a long run of blanks, and a 4 MiB Procfile would have held a worker
   * thread for hours.
   */
  static Optional<String> webCommand(String procfile) {
    int start = 0;
    while (start <= procfile.length()) {
      int end = start;
      while (end < procfile.length() && !isLineTerminator(procfile.charAt(end))) {
        end++;
      }
      if (procfile.startsWith("web:", start)) {
        int from = start + 4;
        int to = end;
        while (from < to && isBlank(procfile.charAt(from))) {
          from++;
        }
        while (to > from && isBlank(procfile.charAt(to - 1))) {
          to--;
        }
        if (from < to && !isRegexSpace(procfile.charAt(from))) {
          return Optional.of(procfile.substring(from, to));
        }
      }
      start = end + 1;
    }
    return Optional.empty();
  }

  /**
   * Whether a requirement line or a quoted TOML entry names the package: {@code name}, in any
   * ASCII case, not followed by an ASCII letter, digit, '_' or a combining mark, and either right after a quote or the
   * first thing on its line but blanks. A scan for the same reason as {@link #webCommand}: the
   * expression {@code (?im)(^\s*|["'])name\b} was quadratic in a run of blank lines.
   */
  static boolean mentions(String dependencies, String name) {
    int n = dependencies.length();
    for (int i = 0; i + name.length() <= n; i++) {
      if (!asciiIgnoringCase(dependencies, i, name)) {
        continue;
      }
      int after = i + name.length();
      if (after < n && continuesWord(dependencies.codePointAt(after))) {
        continue;
      }
      if (i > 0 && (dependencies.charAt(i - 1) == '"' || dependencies.charAt(i - 1) == '\'')) {
        return true;
      }
      int j = i;
      while (j > 0 && isRegexSpace(dependencies.charAt(j - 1)) && !isLineTerminator(dependencies.charAt(j - 1))) {
        j--;
      }
      if (j == 0 || isLineTerminator(dependencies.charAt(j - 1))) {
        return true; // only blanks since the start of the line (or of a line above: \s spans lines)
      }
    }
    return false;
  }

  private static boolean asciiIgnoringCase(String text, int at, String name) {
    for (int k = 0; k < name.length(); k++) {
      char a = text.charAt(at + k);
      char b = name.charAt(k);
      if (a != b && (a > 0x7f || Character.toLowerCase(a) != Character.toLowerCase(b))) {
        return false;
      }
    }
    return true;
  }

  /** What Java's regex {@code $} and {@code .} treat as the end of a line. */
  private static boolean isLineTerminator(char c) {
    return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }

  /** Java's regex {@code \s} without UNICODE_CHARACTER_CLASS. */
  private static boolean isRegexSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\f' || c == '\r';
  }

  /** What keeps regex {@code \b} from ending a word: an ASCII word char, or a combining mark on it. */
  private static boolean continuesWord(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || Character.getType(c) == Character.NON_SPACING_MARK;
  }
}
