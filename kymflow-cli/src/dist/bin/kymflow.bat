@echo off
rem kymflow, from the distribution: needs only a Java 17+ runtime (JAVA_HOME, or java on the PATH).
rem Extra JVM options: KYMFLOW_JAVA_OPTS (e.g. -Xmx4g).
setlocal
set "KYMFLOW_HOME=%~dp0.."
if defined JAVA_HOME (set "JAVA=%JAVA_HOME%\bin\java.exe") else (set "JAVA=java")
"%JAVA%" --add-opens=java.base/java.nio=ALL-UNNAMED %KYMFLOW_JAVA_OPTS% "-Dkymflow.home=%KYMFLOW_HOME%" -cp "%KYMFLOW_HOME%\lib\*" org.kymflow.cli.KymflowCli %*
exit /b %ERRORLEVEL%
