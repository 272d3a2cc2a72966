# Sourced by the fetch scripts: checks a data directory against an associative array of MD5s.
# Each caller sets: dest (the directory), md5 (file name -> expected MD5) and tag (for messages).

all_present() {
  local name
  for name in "${!md5[@]}"; do
    [ -f "$dest/$name" ] || return 1
  done
}

verify() {
  local name actual failed=0
  for name in "${!md5[@]}"; do
    actual=$(md5sum "$dest/$name" | cut -d' ' -f1)
    if [ "$actual" != "${md5[$name]}" ]; then
      echo "$tag: $dest/$name has MD5 $actual, expected ${md5[$name]}; delete it and run again" >&2
      failed=1
    fi
  done
  return "$failed"
}
