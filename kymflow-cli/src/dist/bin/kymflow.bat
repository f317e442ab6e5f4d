@echo off
rem kymflow, from the distribution: needs only a Java 17+ runtime (JAVA_HOME, or java on the PATH).
rem Extra JVM options: KYMFLOW_JAVA_OPTS (e.g. -Xmx4g).
setlocal
set "KYMFLOW_HOME=%~dp0.."
if defined JAVA_HOME (set "JAVA=%JAVA_HOME%\bin\java.exe") else (set "JAVA=java")
rem `index` runs the radon kernel on the JDK's incubating Vector API (same bits, twice as fast); KYMFLOW_VECTOR=0 keeps the scalar kernel.
set "VECTOR="
if /i "%~1"=="index" if not "%KYMFLOW_VECTOR%"=="0" set "VECTOR=--add-modules=jdk.incubator.vector"
rem JIT thresholds 4x the default: briefly hot code stays with the quick compiler (see the README's Benchmarks).
rem JVM warnings go to stderr. (The class-data archive bin/kymflow makes is not made here: see the README.)
"%JAVA%" --add-opens=java.base/java.nio=ALL-UNNAMED --enable-native-access=ALL-UNNAMED %VECTOR% -XX:CompileThresholdScaling=4 -Xlog:disable -Xlog:all=warning:stderr -Xlog:cds=off:stderr %KYMFLOW_JAVA_OPTS% "-Dkymflow.home=%KYMFLOW_HOME%" -cp "%KYMFLOW_HOME%\lib\*" org.kymflow.cli.KymflowCli %*
exit /b %ERRORLEVEL%
