"""Corpus jobs on Apache Spark: the library, exported as JSON lines, read by a Spark cluster (or Spark in
local mode), with the same pure steps as the in-process engine run on its workers and its driver.

pyspark is an optional extra (`pip install 'cyberread[spark]'`) and needs a Java runtime (17 or later).
"""

from __future__ import annotations

import os
import sys
from typing import Any

LOCAL_MASTER = "local[2]"


class SparkUnavailable(Exception):
    """pyspark (or the Java runtime it drives) is missing; the message says what to install."""


def spark_session(master: str | None = None, app_name: str = "cyberread") -> Any:
    """A Spark session on `master` (a cluster's URL), or in local mode on two cores."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise SparkUnavailable(
            "the Spark engine needs pyspark: pip install 'cyberread[spark]' (and a Java runtime, 17 or later)"
        ) from None
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
