using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rongtong.Application.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Guarantees : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BatchAgreements",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    BankId = table.Column<Guid>(type: "TEXT", nullable: false),
                    GuarantorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TotalLimitFen = table.Column<long>(type: "INTEGER", nullable: false),
                    PerLoanCeilingFen = table.Column<long>(type: "INTEGER", nullable: false),
                    ContributionThresholdFen = table.Column<long>(type: "INTEGER", nullable: false),
                    FeeRate = table.Column<decimal>(type: "TEXT", precision: 9, scale: 6, nullable: false),
                    ValidFrom = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ValidTo = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    CompensationRateCap = table.Column<decimal>(type: "TEXT", precision: 9, scale: 6, nullable: true),
                    UsedFen = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BatchAgreements", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Guarantees",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Number = table.Column<string>(type: "TEXT", nullable: false),
                    EnterpriseId = table.Column<long>(type: "INTEGER", nullable: false),
                    BankId = table.Column<Guid>(type: "TEXT", nullable: false),
                    GuarantorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AmountFen = table.Column<long>(type: "INTEGER", nullable: false),
                    FeeRate = table.Column<decimal>(type: "TEXT", precision: 9, scale: 6, nullable: false),
                    StartDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    EndDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Unsecured = table.Column<bool>(type: "INTEGER", nullable: false),
                    SmallMicroBorrower = table.Column<bool>(type: "INTEGER", nullable: false),
                    RelatedGroup = table.Column<string>(type: "TEXT", nullable: false),
                    Programmes = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    AppliedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReviewedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    DecidedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    DecisionNote = table.Column<string>(type: "TEXT", nullable: false),
                    ExceedJustification = table.Column<string>(type: "TEXT", nullable: false),
                    ExceedRecordedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    ExceedApprovedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    FeeExceptionBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    FeeExceptionNote = table.Column<string>(type: "TEXT", nullable: false),
                    ChecksJson = table.Column<string>(type: "TEXT", nullable: false),
                    QuotaReservedFen = table.Column<long>(type: "INTEGER", nullable: false),
                    BatchAgreementId = table.Column<long>(type: "INTEGER", nullable: true),
                    LoanId = table.Column<long>(type: "INTEGER", nullable: true),
                    OutstandingFen = table.Column<long>(type: "INTEGER", nullable: false),
                    DefaultedFen = table.Column<long>(type: "INTEGER", nullable: false),
                    CompensatedFen = table.Column<long>(type: "INTEGER", nullable: false),
                    RecoveredFen = table.Column<long>(type: "INTEGER", nullable: false),
                    FeeChargedFen = table.Column<long>(type: "INTEGER", nullable: false),
                    FeeCollectedFen = table.Column<long>(type: "INTEGER", nullable: false),
                    RateDiscountBp = table.Column<int>(type: "INTEGER", nullable: false),
                    AppliedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ApprovedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    InForceOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ReleasedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    CompensatedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Guarantees", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Guarantees_Enterprises_EnterpriseId",
                        column: x => x.EnterpriseId,
                        principalTable: "Enterprises",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "GuarantorBooks",
                columns: table => new
                {
                    GuarantorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    WeightedLiabilityFen = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GuarantorBooks", x => x.GuarantorId);
                });

            migrationBuilder.CreateTable(
                name: "LedgerEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EventType = table.Column<string>(type: "TEXT", nullable: false),
                    BusinessDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Reference = table.Column<string>(type: "TEXT", nullable: false),
                    GuaranteeId = table.Column<long>(type: "INTEGER", nullable: true),
                    ReversalOf = table.Column<long>(type: "INTEGER", nullable: true),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    PostedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerEntries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Loans",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    BankId = table.Column<Guid>(type: "TEXT", nullable: false),
                    EnterpriseId = table.Column<long>(type: "INTEGER", nullable: false),
                    Reference = table.Column<string>(type: "TEXT", nullable: false),
                    PrincipalFen = table.Column<long>(type: "INTEGER", nullable: false),
                    OutstandingFen = table.Column<long>(type: "INTEGER", nullable: false),
                    AnnualRate = table.Column<decimal>(type: "TEXT", precision: 9, scale: 6, nullable: false),
                    TermMonths = table.Column<int>(type: "INTEGER", nullable: false),
                    DisbursedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    MaturesOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Unsecured = table.Column<bool>(type: "INTEGER", nullable: false),
                    FirstLoan = table.Column<bool>(type: "INTEGER", nullable: false),
                    RenewsLoanId = table.Column<long>(type: "INTEGER", nullable: true),
                    Product = table.Column<string>(type: "TEXT", nullable: false),
                    RateDiscountBp = table.Column<int>(type: "INTEGER", nullable: false),
                    State = table.Column<string>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Loans", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "QuotaReservations",
                columns: table => new
                {
                    EnterpriseId = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ReservedFen = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QuotaReservations", x => x.EnterpriseId);
                });

            migrationBuilder.CreateTable(
                name: "LedgerPostings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EntryId = table.Column<long>(type: "INTEGER", nullable: false),
                    PartyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Purpose = table.Column<int>(type: "INTEGER", nullable: false),
                    Fen = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerPostings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LedgerPostings_LedgerEntries_EntryId",
                        column: x => x.EntryId,
                        principalTable: "LedgerEntries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Guarantees_BankId_Status",
                table: "Guarantees",
                columns: new[] { "BankId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Guarantees_EnterpriseId_Status",
                table: "Guarantees",
                columns: new[] { "EnterpriseId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Guarantees_GuarantorId_Status",
                table: "Guarantees",
                columns: new[] { "GuarantorId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Guarantees_Number",
                table: "Guarantees",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_GuaranteeId",
                table: "LedgerEntries",
                column: "GuaranteeId");

            migrationBuilder.CreateIndex(
                name: "IX_LedgerPostings_EntryId",
                table: "LedgerPostings",
                column: "EntryId");

            migrationBuilder.CreateIndex(
                name: "IX_LedgerPostings_PartyId_Purpose",
                table: "LedgerPostings",
                columns: new[] { "PartyId", "Purpose" });

            migrationBuilder.CreateIndex(
                name: "IX_Loans_BankId_Reference",
                table: "Loans",
                columns: new[] { "BankId", "Reference" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Loans_EnterpriseId",
                table: "Loans",
                column: "EnterpriseId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BatchAgreements");

            migrationBuilder.DropTable(
                name: "Guarantees");

            migrationBuilder.DropTable(
                name: "GuarantorBooks");

            migrationBuilder.DropTable(
                name: "LedgerPostings");

            migrationBuilder.DropTable(
                name: "Loans");

            migrationBuilder.DropTable(
                name: "QuotaReservations");

            migrationBuilder.DropTable(
                name: "LedgerEntries");
        }
    }
}
