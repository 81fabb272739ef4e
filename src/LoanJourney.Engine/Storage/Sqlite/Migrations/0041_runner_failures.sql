-- A journey's consecutive runner failures (session 52): a run that failed outside its activity (a step commit the database
-- refused) is backed off, and faulted for an operator at Engine:RunnerFailureLimit. Session 51 counted in each node's memory,
-- so a restart started again at 0 and each node of several ran the journey up to the limit. The count is written by the
-- back-off's own write (a statement of its own, not the refused commit), set back to 0 by the journey's next commit and by
-- the fault itself.
ALTER TABLE instances ADD COLUMN runner_failures INTEGER NOT NULL DEFAULT 0;
