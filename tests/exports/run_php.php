<?php
// Runs each snippet file in this one process (run with stderr into stdout), a '### n' line before each.
foreach (array_slice($argv, 1) as $i => $file) {
    echo "### $i\n";
    include $file;
}
