"""Re-run a published panel draw from its files and say whether it gives the same panel.

    manage.py medborgardialog_verify_draw pool.json --seed <seed>

``pool.json`` is the file the panel page publishes ("lottning.json"): the anonymised pool, the
lottery (panels and integer weights) and the fingerprints. The command checks the fingerprints,
draws the panel from the lottery with the seed, and recomputes the LEXIMIN probabilities from
the pool to check that the lottery gives them. ``--size`` and ``--quotas`` (a JSON file of
[{"category", "value", "min", "max"}]) replace the pool file's, to test another setting.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from ...panels import selection


class Command(BaseCommand):
    help = "Re-run a published citizens' panel draw and check that it gives the same panel."

    def add_arguments(self, parser):
        parser.add_argument("pool", help="The published pool file (JSON).")
        parser.add_argument("--seed", help="The revealed seed (default: the file's).")
        parser.add_argument(
            "--public-value",
            help="The public random value mixed into the seed (default: the file's).",
        )
        parser.add_argument("--size", type=int, help="Panel size instead of the file's.")
        parser.add_argument("--quotas", help="A JSON file of quotas instead of the file's.")
        parser.add_argument(
            "--skip-leximin", action="store_true", help="Do not recompute the probabilities."
        )

    def handle(self, *args, **options):
        try:
            with open(options["pool"], encoding="utf-8") as handle:
                data = json.load(handle)
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read {options['pool']}: {error}")
        seed = options["seed"] or data.get("seed")
        if not seed:
            raise CommandError("No seed: give --seed (it is published after the draw).")
        public_value = options["public_value"] or data.get("public_value") or ""
        if data.get("public_source") and not public_value:
            raise CommandError(
                "The commitment names a public random source: give --public-value "
                f"(from: {data['public_source']})."
            )
        if public_value:
            out_value = selection.public_value_normalised(public_value)
            self.stdout.write(f"Public random value: {out_value}")
        draw_seed = selection.mixed_seed(seed, public_value)
        snapshot = dict(data["pool"])
        ok = True
        out = self.stdout
        pool_hash = selection.sha256_hex(selection.canonical_json(snapshot))
        ok &= self._check(out, "pool SHA-256", pool_hash, data.get("pool_sha256"))
        lottery_hash = selection.sha256_hex(selection.canonical_json(data["lottery"]))
        ok &= self._check(out, "lottery SHA-256", lottery_hash, data.get("lottery_sha256"))
        ok &= self._check(out, "seed SHA-256", selection.sha256_hex(seed), data.get("seed_sha256"))
        if options["size"]:
            snapshot["size"] = options["size"]
        if options["quotas"]:
            with open(options["quotas"], encoding="utf-8") as handle:
                snapshot["quotas"] = json.load(handle)
        try:
            pool = selection.pool_from_snapshot(snapshot)
            lottery = selection.lottery_from_json(pool, data["lottery"])
            panel = selection.draw(lottery, draw_seed)
        except selection.SelectionError as error:
            raise CommandError(str(error))
        out.write("Panel: " + " ".join(panel))
        if data.get("drawn_panel") is not None:
            ok &= self._check(out, "panel", panel, sorted(data["drawn_panel"]))
        for row in data.get("replacements", []):
            joining = selection.replacement(
                pool,
                self._panel_before(panel, data["replacements"], row["number"]),
                row["leaving"],
                draw_seed,
                row["number"],
                excluded={
                    r["leaving"] for r in data["replacements"] if r["number"] < row["number"]
                },
            )
            ok &= self._check(out, f"replacement {row['number']}", joining, row["joining"])
        if not options["skip_leximin"]:
            published = lottery.marginals()
            recomputed = selection.leximin(pool).marginals()
            gap = max(abs(published[pid] - recomputed[pid]) for pid in pool.ids)
            ok &= self._check(out, "LEXIMIN probabilities (largest gap)", gap < 1e-4, True)
            out.write(f"  largest difference: {gap:.2e}")
        out.write("MATCHES" if ok else "DOES NOT MATCH")
        if not ok:
            raise CommandError("The draw does not match the published files.")

    @staticmethod
    def _panel_before(panel, replacements, number):
        panel = list(panel)
        for row in replacements:
            if row["number"] < number:
                panel[panel.index(row["leaving"])] = row["joining"]
        return sorted(panel)

    @staticmethod
    def _check(out, label, got, expected):
        if expected is None:
            out.write(f"{label}: not in the file")
            return True
        same = got == expected
        out.write(f"{label}: {'ok' if same else 'DIFFERS'}")
        return same
