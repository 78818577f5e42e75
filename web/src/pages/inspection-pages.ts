// The pages of inspection, supervision and discipline (issue 14) in one
// chunk of their own, loaded when one of them is first opened
// (routes.tsx): few accounts use them, and the first page stays small.
export { CoveragePage } from "./coverage";
export { ProgrammePage, Programmes } from "./programmes";
export { InspectionForm, InspectionPage, Inspections } from "./inspections";
export { DisciplineCasePage, DisciplineForm, DisciplineList } from "./discipline";
export { DisciplineNotices } from "./discipline-notices";
