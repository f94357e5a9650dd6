#!/usr/bin/env bash
# Records the public API of every library module as the baseline the build compares with
# (api-baseline/, checked by japicmp in verify). Run it when a change to the public API is meant,
# and commit the result with that change.
set -euo pipefail
cd "$(dirname "$0")/.."
modules=(core codec-json codec-msgpack transport-java-websocket transport-netty redis-bridge testing)
mvn -B -q -DskipTests -Djapicmp.skip=true package -pl "$(IFS=,; echo "${modules[*]}")" -am
mkdir -p api-baseline
for module in "${modules[@]}"; do
  artifact="herald-$module"
  jar=$(ls "$module"/target/"$artifact"-*.jar | grep -v -e '-tests.jar$' -e '-sources.jar$')
  cp "$jar" "api-baseline/$artifact.jar"
  echo "api-baseline/$artifact.jar"
done
