"""``geopol train``: rebuild the learned event model (a thin shell over :mod:`geopol.train.run`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import Errors, GeopolError
from ._common import err, errors


def register(app: typer.Typer) -> None:
    @app.command("train")
    @errors
    def train_cmd(
        shared: Annotated[
            Path, typer.Option(help="The shared data folder (training sets, ontology) the model is built from.")
        ] = Path("../shared"),
        out_dir: Annotated[
            Path | None,
            typer.Option("--out", help="Where to write the model (default: the model shipped inside the package)."),
        ] = None,
        encoder: Annotated[
            bool,
            typer.Option(
                help="Also fine-tune the two MiniLM sentence encoders (torch; about 50 minutes for the two side by side on 2 "
                "cores)."
            ),
        ] = True,
        work: Annotated[
            Path,
            typer.Option(help="Where the encoder's epoch checkpoints go (an interrupted run resumes from them)."),
        ] = Path("build/train/encoder"),
        quick: Annotated[
            bool,
            typer.Option(
                "--quick",
                help="Fine-tune in bfloat16 where the CPU has it natively (AVX512-BF16 or AMX), the two encoders "
                "side by side: about two thirds of the shipped recipe's time (35 against 55 minutes measured with five "
                "epochs), a model a little weaker than the shipped recipe's (README); for trying data out.",
            ),
        ] = False,
        student: Annotated[
            bool,
            typer.Option(
                "--student",
                help="The second encoder also learns the first's type probabilities of the sentences of 400 "
                "unannotated PolNeAR articles and then reads first (a student; about 60% more time for its "
                "fine-tune; measured, not yet the shipped recipe: README).",
            ),
        ] = False,
        side_by_side: Annotated[
            bool,
            typer.Option(
                "--side-by-side/--one-after-the-other",
                help="Fine-tune the two encoders at once, each in a process of its own with half the cores (the "
                "shipped recipe: 54.5 minutes in all on 2 cores for today's data), or one after the other, each "
                "with every core (about a quarter longer; the weights are another draw of the recipe, which the "
                "selection sets did not tell apart: README).",
            ),
        ] = True,
        encoder_seeds: Annotated[
            str | None,
            typer.Option(
                "--encoder-seeds",
                metavar="FIRST,SECOND",
                help="Fine-tune the two encoders from these seeds instead of the recipe's (15 and 7): another "
                "draw of the same recipe, to see how much a retraining moves the scores (the card records them).",
            ),
        ] = None,
        forecaster_only: Annotated[
            bool,
            typer.Option(
                "--forecaster-only",
                help="Only the last step's forecaster: fit it for the model already in --out and update its card.",
            ),
        ] = False,
        repeats_only: Annotated[
            bool,
            typer.Option(
                "--repeats-only",
                help="Only the last step's repeat model: fit it for the model already in --out and update its card.",
            ),
        ] = False,
    ) -> None:
        """Rebuild the learned event model: corpus → featurise → cross-validate → fit → package (needs the
        `train` extra and the shared data; fixed seed; writes the weights and card.json)."""
        try:
            from ..train.repeats import train_repeats
            from ..train.run import train, train_forecaster
        except ImportError as e:
            raise GeopolError(Errors.E308, detail=str(e)) from e
        from ..events.component import MODEL_DIR

        if not (shared / "data").is_dir():
            raise GeopolError(Errors.E307, what="the shared data folder", path=shared / "data")
        log = lambda s: err.print(s, markup=False)  # noqa: E731
        if repeats_only:
            card = train_repeats(shared, out_dir or MODEL_DIR, log=log)
            err.print(f"repeats: threshold {card['threshold']['chosen']:g}", markup=False)
            return
        if forecaster_only:
            card = train_forecaster(shared, out_dir or MODEL_DIR, log=log)
            err.print(f"forecaster: {card['forecaster']}", markup=False)
            return
        seeds = _seeds(encoder_seeds) if encoder_seeds is not None else None
        card = train(shared, out_dir or MODEL_DIR, log=log, encoder=encoder, work=work, quick=quick,
                     student=student, together=side_by_side, seeds=seeds)  # fmt: skip
        if encoder and not quick:  # the repeats are read from what the whole coder codes
            train_repeats(shared, out_dir or MODEL_DIR, log=log)
        cv = card["cross_validation"]
        err.print(f"real-news types (cross-validated): {cv['realnews_types']}", markup=False)
        err.print(f"cameo_train pentaclass (cross-validated, linear): {cv['cameo_pentaclass']}", markup=False)
        if card.get("encoder"):
            err.print(f"encoder: {card['encoder']['held_out_scores']}", markup=False)
            err.print(
                f"cameo_train pentaclass, held-out fold: {card['encoder']['cameo_pentaclass_fold']}", markup=False
            )


def _seeds(text: str) -> tuple[int, int]:
    """'25,17' -> (25, 17); anything else is E306, naming the option."""
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 2 or not all(p.isdecimal() and p.isascii() for p in parts):
        raise GeopolError(Errors.E306, detail=f"--encoder-seeds '{text}' is not two whole numbers, FIRST,SECOND")
    return int(parts[0]), int(parts[1])
