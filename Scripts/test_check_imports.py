"""Tests of Scripts/check-imports on small packages made in a temporary folder: a root package with
a library, an executable and a test target, and a local dependency with two products. `make test`
runs them (`make check-imports`) before checking the real package."""

import os
import shutil
import subprocess
import tempfile
import textwrap
import unittest

CHECKER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "check-imports")

DEPENDENCY_MANIFEST = """\
// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Parts",
    products: [
        .library(name: "Widgets", targets: ["Widgets"]),
        .library(name: "Gadgets", targets: ["Gadgets", "GadgetKit"]),
    ],
    targets: [
        .target(name: "Widgets", dependencies: ["Gadgets"]),
        .target(name: "Gadgets"),
        .target(name: "GadgetKit"),
    ]
)
"""

ROOT_MANIFEST = """\
// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "app",
    dependencies: [.package(path: "../parts")],
    targets: [
        .target(name: "Core"),
        .target(name: "Feature", dependencies: ["Core", .product(name: "Widgets", package: "parts")]),
        .executableTarget(name: "app-tool", dependencies: ["Feature"%(tool_extra)s]),
        .testTarget(name: "FeatureTests", dependencies: ["Feature"%(tests_extra)s], exclude: ["Fixtures"]),
    ]
)
"""


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as file:
        file.write(textwrap.dedent(text))


class CheckImportsTests(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="check-imports-")
        self.addCleanup(shutil.rmtree, self.folder)
        parts = os.path.join(self.folder, "parts")
        write(os.path.join(parts, "Package.swift"), DEPENDENCY_MANIFEST)
        write(os.path.join(parts, "Sources/Widgets/Widget.swift"), "import Gadgets\npublic struct Widget {}\n")
        write(os.path.join(parts, "Sources/Gadgets/Gadget.swift"), "public struct Gadget {}\n")
        write(os.path.join(parts, "Sources/GadgetKit/Kit.swift"), "public struct Kit {}\n")

        self.app = os.path.join(self.folder, "app")
        write(os.path.join(self.app, "Sources/Core/Core.swift"), "public struct Core {}\n")
        write(os.path.join(self.app, "Sources/Feature/Feature.swift"), """\
            import Core
            import Foundation
            @preconcurrency import Widgets
            public struct Feature {}
            """)
        # Core and Gadgets are visible here only through Feature and Widgets.
        write(os.path.join(self.app, "Sources/app-tool/main.swift"), """\
            import Feature
            import struct Core.Core
            /* import Gadgets (in a comment: not an import)
            */
            #if canImport(Glibc)
            import Glibc
            #endif
            print(Feature())
            """)
        write(os.path.join(self.app, "Tests/FeatureTests/FeatureTests.swift"), """\
            @testable import Feature
            import GadgetKit
            import XCTest
            """)
        # Excluded from the target: not its source, so not checked.
        write(os.path.join(self.app, "Tests/FeatureTests/Fixtures/Other.swift"), "import Core\n")

    def run_checker(self, tool_extra="", tests_extra=""):
        write(os.path.join(self.app, "Package.swift"),
              ROOT_MANIFEST % {"tool_extra": tool_extra, "tests_extra": tests_extra})
        result = subprocess.run([CHECKER, "--package-path", self.app], capture_output=True, text=True)
        return result.returncode, result.stdout.splitlines(), result.stderr

    def test_undeclared_imports_fail_and_name_file_line_and_module(self):
        status, lines, stderr = self.run_checker()
        self.assertEqual(status, 1, stderr)
        self.assertEqual(lines, [
            'Sources/app-tool/main.swift:2: app-tool imports Core, which it does not declare (add "Core")',
            'Tests/FeatureTests/FeatureTests.swift:2: FeatureTests imports GadgetKit, which it does not declare '
            '(add .product(name: "Gadgets", package: "parts"))',
            "check-imports: 2 undeclared import(s); declare them in Package.swift",
        ])

    def test_declared_imports_pass(self):
        status, lines, stderr = self.run_checker(
            tool_extra=', "Core"', tests_extra=', .product(name: "Gadgets", package: "parts")')
        self.assertEqual((status, lines), (0, ["check-imports: every import is declared"]), stderr)


if __name__ == "__main__":
    unittest.main()
