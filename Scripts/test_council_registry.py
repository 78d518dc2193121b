"""Tests of Scripts/generate-council-registry and Scripts/lgsf-council-csv: the committed Swift file is
what the committed CSV gives, the filter and the base URL form, and the CSV refresh on a small tree
shaped like a checkout of DemocracyClub/LGSF. `make test` runs them (`make check-imports`)."""

import json
import os
import subprocess
import tempfile
import textwrap
import unittest

SCRIPTS = os.path.dirname(os.path.abspath(__file__))
GENERATOR = os.path.join(SCRIPTS, "generate-council-registry")
CSV_MAKER = os.path.join(SCRIPTS, "lgsf-council-csv")

HEADER = "lgsf_scraper_dir,official_name,territory,cms_type,lgsf_scraper_class,base_url,council_end_date\r\n"


def run(*arguments):
    return subprocess.run(list(arguments), capture_output=True, text=True)


class GeneratorTests(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="council-registry-")
        self.csv = os.path.join(self.folder, "councils.csv")
        self.output = os.path.join(self.folder, "Registry.swift")

    def generate(self, rows):
        with open(self.csv, "w", newline="", encoding="utf-8") as handle:
            handle.write(HEADER + "".join(row + "\r\n" for row in rows))
        return run(GENERATOR, "--csv", self.csv, "--output", self.output)

    def test_the_committed_swift_file_is_what_the_committed_csv_gives(self):
        result = run(GENERATOR, "--check")
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_check_fails_when_the_file_is_stale(self):
        self.assertEqual(self.generate(["LEC,Leicestershire County Council,ENG,ModernGov,X,https://democracy.leics.gov.uk,"]).returncode, 0)
        with open(self.output, "a", encoding="utf-8") as handle:
            handle.write("// edited by hand\n")
        result = run(GENERATOR, "--csv", self.csv, "--output", self.output, "--check")
        self.assertEqual(result.returncode, 1)
        self.assertIn("run Scripts/generate-council-registry", result.stderr)

    def test_keeps_current_moderngov_councils_by_name_with_canonical_base_urls(self):
        result = self.generate([
            "WOT-worthing,Worthing Borough Council,ENG,ModernGov,X,HTTPS://Democracy.Adur-Worthing.gov.uk,",
            "ADU-adur,Adur District Council,ENG,ModernGov,X,https://democracy.adur-worthing.gov.uk:443,",
            "SWD-swindon,Swindon Borough Council,ENG,ModernGov,X,https://ww5.swindon.gov.uk/moderngov,",
            "CAR-carlisle,Carlisle City Council,ENG,ModernGov,X,https://carlisle.moderngov.co.uk,2023-03-31",
            "BRA-braintree,Braintree District Council,ENG,CMIS,X,http://braintree.cmis.uk.com/braintree/Councillors.aspx,",
            '"ABC-x","Armagh City, Banbridge and Craigavon Borough Council",NIR,Custom HTML,X,https://example.org/,',
        ])
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(self.output, encoding="utf-8") as handle:
            source = handle.read()
        self.assertIn("The 3 current councils", source)
        lines = [line.strip() for line in source.splitlines() if line.strip().startswith("Council(")]
        self.assertEqual(lines, [
            'Council(name: "Adur District Council", code: "ADU", territory: .england, baseURL: "https://democracy.adur-worthing.gov.uk/"),',
            'Council(name: "Swindon Borough Council", code: "SWD", territory: .england, baseURL: "https://ww5.swindon.gov.uk/moderngov/"),',
            'Council(name: "Worthing Borough Council", code: "WOT", territory: .england, baseURL: "https://democracy.adur-worthing.gov.uk/"),',
        ])

    def test_a_name_listed_twice_is_an_error(self):
        result = self.generate([
            "A,Sample Council,ENG,ModernGov,X,https://a.example.gov.uk,",
            "B,Sample Council,WLS,ModernGov,X,https://b.example.gov.uk,",
        ])
        self.assertEqual(result.returncode, 2)
        self.assertIn("listed twice", result.stderr)

    def test_a_base_url_that_is_not_http_is_an_error(self):
        result = self.generate(["A,Sample Council,ENG,ModernGov,X,ftp://a.example.gov.uk,"])
        self.assertEqual(result.returncode, 2)
        self.assertIn("not an http(s) URL", result.stderr)
        self.assertFalse(os.path.exists(self.output))

    def test_quotes_in_names_are_escaped_for_swift(self):
        self.assertEqual(self.generate(['A,"The ""Quoted"" \\ Council",SCT,ModernGov,X,https://a.example.gov.uk,']).returncode, 0)
        with open(self.output, encoding="utf-8") as handle:
            self.assertIn('name: "The \\"Quoted\\" \\\\ Council"', handle.read())


class LGSFCSVTests(unittest.TestCase):
    def scraper(self, root, folder, metadata, councillors_py=None):
        path = os.path.join(root, "scrapers", folder)
        os.makedirs(path)
        with open(os.path.join(path, "metadata.json"), "w", encoding="utf-8") as handle:
            json.dump(metadata, handle)
        if councillors_py is not None:
            with open(os.path.join(path, "councillors.py"), "w", encoding="utf-8") as handle:
                handle.write(textwrap.dedent(councillors_py))

    def test_one_row_per_scraper_folder_in_folder_order(self):
        root = tempfile.mkdtemp(prefix="lgsf-")
        self.scraper(root, "LEC", {
            "everyelectiion_data": {"official_name": "Leicestershire County Council", "territory_code": "ENG"},
            "services": {"councillors": {"base_url": "https://democracy.leics.gov.uk/", "cms_type": "ModernGov"}},
        }, """\
            from lgsf.scrapers.councillors import ModGovCouncillorScraper


            class Scraper(ModGovCouncillorScraper):
                base_url = "http://politics.leics.gov.uk/"
            """)
        self.scraper(root, "CAR-carlisle", {
            "everyelectiion_data": {"official_name": "Carlisle City Council", "territory_code": "ENG",
                                    "end_date": "2023-03-31"},
            "services": {"councillors": {"base_url": "https://carlisle.cmis.uk.com/Councillors.aspx", "cms_type": "CMIS"}},
        }, "class Scraper(CMISCouncillorScraper):\n    pass\n")
        self.scraper(root, "ABC-armagh", {
            "everyelectiion_data": {"official_name": "Armagh City, Banbridge and Craigavon Borough Council",
                                    "territory_code": "NIR"},
        })
        os.makedirs(os.path.join(root, "scrapers", "__pycache__"))
        # Bytes, not text: text mode would turn the CSV's "\r\n" into "\n".
        result = subprocess.run([CSV_MAKER, root], capture_output=True)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.decode("utf-8"), HEADER
                         + 'ABC-armagh,"Armagh City, Banbridge and Craigavon Borough Council",NIR,,,,\r\n'
                         + "CAR-carlisle,Carlisle City Council,ENG,CMIS,CMISCouncillorScraper,https://carlisle.cmis.uk.com/Councillors.aspx,2023-03-31\r\n"
                         + "LEC,Leicestershire County Council,ENG,ModernGov,ModGovCouncillorScraper,https://democracy.leics.gov.uk,\r\n")

    def test_a_folder_that_is_not_a_checkout_is_an_error(self):
        result = run(CSV_MAKER, tempfile.mkdtemp(prefix="not-lgsf-"))
        self.assertEqual(result.returncode, 2)
        self.assertIn("no scrapers/ folder", result.stderr)


if __name__ == "__main__":
    unittest.main()
