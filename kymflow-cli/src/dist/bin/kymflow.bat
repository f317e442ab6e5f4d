@echo off
rem kymflow, from the distribution: needs only a Java 17+ runtime (JAVA_HOME, or java on the PATH).
rem Extra JVM options: KYMFLOW_JAVA_OPTS (e.g. -Xmx4g).
setlocal
set "KYMFLOW_HOME=%~dp0.."
if defined JAVA_HOME (set "JAVA=%JAVA_HOME%\bin\java.exe") else (set "JAVA=java")
rem `index` runs the radon kernel on the JDK's incubating Vector API (same bits, twice as fast); KYMFLOW_VECTOR=0 keeps the scalar kernel.
set "VECTOR="
if /i "%~1"=="index" if not "%KYMFLOW_VECTOR%"=="0" set "VECTOR=--add-modules=jdk.incubator.vector"
rem JIT: thresholds 4x the default, and no C2 for parquet-java (conf\jit-directives.json); -DisplayVMOutput hides the
rem JVM's "1 compiler directives added". JVM warnings go to stderr. KYMFLOW_JIT=default: the JVM's own settings.
rem (The class-data archive of bin/kymflow is not made here: see the README.)
set "JIT=-XX:CompileThresholdScaling=4 -XX:+UnlockDiagnosticVMOptions -XX:-DisplayVMOutput"
set "DIRECTIVES=-XX:CompilerDirectivesFile=%KYMFLOW_HOME%\conf\jit-directives.json"
if /i "%KYMFLOW_JIT%"=="default" set "JIT=-XX:CompileThresholdScaling=1"
if /i "%KYMFLOW_JIT%"=="default" set "DIRECTIVES=-XX:CompileThresholdScaling=1"
"%JAVA%" --add-opens=java.base/java.nio=ALL-UNNAMED %VECTOR% %JIT% "%DIRECTIVES%" -Xlog:disable -Xlog:all=warning:stderr %KYMFLOW_JAVA_OPTS% "-Dkymflow.home=%KYMFLOW_HOME%" -cp "%KYMFLOW_HOME%\lib\*" org.kymflow.cli.KymflowCli %*
exit /b %ERRORLEVEL%
