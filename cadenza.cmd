@echo off
rem Cadenza launcher for Windows, the twin of ./cadenza: builds what is missing or stale (quietly, without tests),
rem then runs the command line. Needs a JDK 17+ and Maven (mvn) on the PATH; PowerShell 5 (part of Windows 10 and
rem 11) does the file-date checks and writes the class path to a Java argument file, because cmd.exe variables
rem stop at 8191 characters and the class path is longer than that.
setlocal
set "CADENZA_ROOT=%~dp0"
set "CADENZA_ROOT=%CADENZA_ROOT:~0,-1%"
set "CADENZA_CLASSPATH=%CADENZA_ROOT%\cli\target\launcher.classpath"
set "CADENZA_ARGFILE=%CADENZA_ROOT%\cli\target\launcher.argfile"
set "CADENZA_LOG=%CADENZA_ROOT%\.cadenza-build.log"

rem Stale when the class path file is missing or older than any POM or main source file (as in ./cadenza).
powershell -NoProfile -ExecutionPolicy Bypass -Command ^
  "$r=$env:CADENZA_ROOT; $cp=$env:CADENZA_CLASSPATH; if (-not (Test-Path $cp)) { exit 1 };" ^
  "$t=(Get-Item $cp).LastWriteTime;" ^
  "$files=@(Get-ChildItem $r -Filter pom.xml -Depth 1 -File) + @(Get-ChildItem (Join-Path $r '*\src\main') -Recurse -File -ErrorAction SilentlyContinue);" ^
  "if ($files | Where-Object { $_.LastWriteTime -gt $t } | Select-Object -First 1) { exit 1 }; exit 0"
if errorlevel 1 goto build
if not exist "%CADENZA_ARGFILE%" goto argfile
goto run

:build
rem ONNX Runtime's CUDA build only where an NVIDIA driver is installed (nvidia-smi comes with it); CADENZA_FLAVOUR=cpu or cuda chooses.
set "CADENZA_PROFILE=cpu"
where nvidia-smi >nul 2>&1 && set "CADENZA_PROFILE=cuda"
if defined CADENZA_FLAVOUR set "CADENZA_PROFILE=%CADENZA_FLAVOUR%"
echo cadenza: building the %CADENZA_PROFILE% flavour (first run or sources changed; log in .cadenza-build.log) ... 1>&2
pushd "%CADENZA_ROOT%"
call mvn -B -q -DskipTests -Dmaven.test.skip.exec=true -P%CADENZA_PROFILE% install > "%CADENZA_LOG%" 2>&1
set "CADENZA_BUILD_STATUS=%ERRORLEVEL%"
popd
if "%CADENZA_BUILD_STATUS%"=="0" goto built
echo cadenza: build failed; the last lines of .cadenza-build.log: 1>&2
powershell -NoProfile -Command "Get-Content -Tail 30 $env:CADENZA_LOG" 1>&2
exit /b 1

:built
powershell -NoProfile -Command "(Get-Item $env:CADENZA_CLASSPATH).LastWriteTime = Get-Date"

:argfile
rem One "-cp" argument: the modules' classes (the same list as ./cadenza), then the dependencies Maven listed; forward slashes, so that
rem Java's argument-file parser reads no backslash as an escape.
powershell -NoProfile -ExecutionPolicy Bypass -Command ^
  "$r=$env:CADENZA_ROOT; $deps=(Get-Content -Raw $env:CADENZA_CLASSPATH).Trim();" ^
  "$mods=@('cli','app','evaluation','runtime','server','trainer','exporter') | ForEach-Object { Join-Path $r ($_ + '\target\classes') };" ^
  "$cp=((@($mods) + @($deps)) -join ';').Replace('\','/');" ^
  "Set-Content -Encoding Default -Path $env:CADENZA_ARGFILE -Value ('-cp ' + [char]34 + $cp + [char]34)"
if errorlevel 1 exit /b 1

:run
if /i "%~1"=="spark" goto spark
rem ND4J's OpenMP threads busy-wait by default, which made --threads 2 many times slower than 1 (docs/training.md).
if not defined OMP_WAIT_POLICY set "OMP_WAIT_POLICY=PASSIVE"
if not defined OPENBLAS_THREAD_TIMEOUT set "OPENBLAS_THREAD_TIMEOUT=4"
rem serve runs for days: a fixed, pre-touched heap keeps its resident memory flat (docs/serving.md).
if not defined CADENZA_JAVA_OPTS if /i "%~1"=="serve" set "CADENZA_JAVA_OPTS=-Xms512m -Xmx512m -XX:+AlwaysPreTouch"
if not defined CADENZA_JAVA_OPTS set "CADENZA_JAVA_OPTS=-Xmx8g"
rem The export opens the JDK synthesizer's offline renderer (render, --soundfont); see WavRenderer.
java %CADENZA_JAVA_OPTS% "-Dcadenza.home=%CADENZA_ROOT%" --add-exports java.desktop/com.sun.media.sound=ALL-UNNAMED "@%CADENZA_ARGFILE%" dev.cadenza.cli.CadenzaCli %*
exit /b %ERRORLEVEL%

:spark
rem The Spark commands run on their own class path (Spark, and the Jackson 2.15 it needs, never meet the other
rem commands' libraries) with the openings Spark needs on Java 17, from the one list in spark\java17.args (as ./cadenza).
set "CADENZA_SPARK_CLASSPATH=%CADENZA_ROOT%\spark\target\launcher.classpath"
set "CADENZA_SPARK_ARGFILE=%CADENZA_ROOT%\spark\target\launcher.argfile"
powershell -NoProfile -ExecutionPolicy Bypass -Command ^
  "$r=$env:CADENZA_ROOT; $deps=(Get-Content -Raw $env:CADENZA_SPARK_CLASSPATH).Trim();" ^
  "$mods=@('spark','app','runtime') | ForEach-Object { Join-Path $r ($_ + '\target\classes') };" ^
  "$cp=((@($mods) + @($deps)) -join ';').Replace('\','/');" ^
  "Set-Content -Encoding Default -Path $env:CADENZA_SPARK_ARGFILE -Value ('-cp ' + [char]34 + $cp + [char]34)"
if errorlevel 1 exit /b 1
rem Everything after the word "spark" goes to the Spark command line.
set "CADENZA_ARGS=%*"
call set "CADENZA_ARGS=%%CADENZA_ARGS:*spark=%%"
if not defined CADENZA_JAVA_OPTS set "CADENZA_JAVA_OPTS=-Xmx4g"
java %CADENZA_JAVA_OPTS% "@%CADENZA_ROOT%\spark\java17.args" "-Dcadenza.home=%CADENZA_ROOT%" "@%CADENZA_SPARK_ARGFILE%" dev.cadenza.spark.SparkCli %CADENZA_ARGS%
exit /b %ERRORLEVEL%
