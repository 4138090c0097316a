# Sourced by bin/local-stack, bin/test and .ci/run: picks a JDK >= 21 into JAVA_HOME.
# Order: JAVA_HOME when it is >= 21, else the newest JDK >= 21 under /usr/lib/jvm.

# Prints the feature version (e.g. 25) of the JDK at $1, or nothing.
jdk_feature() {
  local home=$1 version=
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
  if [ -f "$home/release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")
  fi
  if [ -z "$version" ]; then
    version=$("$home/bin/java" -XshowSettings:properties -version 2>&1 |
      sed -n 's/^ *java.specification.version = //p')
  fi
  version=${version#1.}
  echo "${version%%[.+-]*}"
}

# Prints the home of the JDK to use, or fails.
find_jdk() {
  local best= best_feature=0 home feature
  if [ -n "${JAVA_HOME:-}" ]; then
    feature=$(jdk_feature "$JAVA_HOME")
    if [ -n "$feature" ] && [ "$feature" -ge 21 ]; then
      echo "$JAVA_HOME"
      return 0
    fi
  fi
  for home in /usr/lib/jvm/*; do
    [ -d "$home" ] || continue
    feature=$(jdk_feature "$home")
    if [ -n "$feature" ] && [ "$feature" -ge 21 ] && [ "$feature" -gt "$best_feature" ]; then
      best=$home
      best_feature=$feature
    fi
  done
  [ -n "$best" ] || return 1
  echo "$best"
}

# Exports JAVA_HOME and PATH for a JDK >= 21, or exits with what to do.
select_jdk() {
  local home
  if ! home=$(find_jdk); then
    echo "No JDK 21 or newer found (JAVA_HOME=${JAVA_HOME:-unset}, nothing suitable under /usr/lib/jvm)." >&2
    echo "Install one (e.g. Temurin 21 or 25) and set JAVA_HOME to it." >&2
    exit 1
  fi
  export JAVA_HOME=$home
  export PATH="$JAVA_HOME/bin:$PATH"
}
