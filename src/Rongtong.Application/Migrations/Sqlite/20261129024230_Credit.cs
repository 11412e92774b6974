using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rongtong.Application.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Credit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BankCapacities",
                columns: table => new
                {
                    BankId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DailyPushes = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BankCapacities", x => x.BankId);
                });

            migrationBuilder.CreateTable(
                name: "BankProducts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    BankId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Code = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    ProductType = table.Column<string>(type: "TEXT", nullable: false),
                    MinAmountFen = table.Column<long>(type: "INTEGER", nullable: false),
                    MaxAmountFen = table.Column<long>(type: "INTEGER", nullable: false),
                    MinTermMonths = table.Column<int>(type: "INTEGER", nullable: false),
                    MaxTermMonths = table.Column<int>(type: "INTEGER", nullable: false),
                    IndustryPrefixes = table.Column<string>(type: "TEXT", nullable: false),
                    RegionPrefixes = table.Column<string>(type: "TEXT", nullable: false),
                    KeyOnly = table.Column<bool>(type: "INTEGER", nullable: false),
                    UnsecuredOk = table.Column<bool>(type: "INTEGER", nullable: false),
                    MinRate = table.Column<decimal>(type: "TEXT", precision: 9, scale: 6, nullable: false),
                    MaxRate = table.Column<decimal>(type: "TEXT", precision: 9, scale: 6, nullable: false),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BankProducts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "IpPledges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    LoanId = table.Column<long>(type: "INTEGER", nullable: false),
                    EnterpriseId = table.Column<long>(type: "INTEGER", nullable: false),
                    BankId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", nullable: false),
                    RightNumber = table.Column<string>(type: "TEXT", nullable: false),
                    ValueFen = table.Column<long>(type: "INTEGER", nullable: false),
                    RegistrationNumber = table.Column<string>(type: "TEXT", nullable: false),
                    FilingStatus = table.Column<string>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IpPledges", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LoanDemands",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EnterpriseId = table.Column<long>(type: "INTEGER", nullable: false),
                    AmountFen = table.Column<long>(type: "INTEGER", nullable: false),
                    TermMonths = table.Column<int>(type: "INTEGER", nullable: false),
                    Unsecured = table.Column<bool>(type: "INTEGER", nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", nullable: false),
                    KeyEnterprise = table.Column<bool>(type: "INTEGER", nullable: false),
                    State = table.Column<string>(type: "TEXT", nullable: false),
                    PostedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Source = table.Column<string>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LoanDemands", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LoanDemands_Enterprises_EnterpriseId",
                        column: x => x.EnterpriseId,
                        principalTable: "Enterprises",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TechDeclarations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EnterpriseId = table.Column<long>(type: "INTEGER", nullable: false),
                    DeclaredOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    HighValueIpCount = table.Column<int>(type: "INTEGER", nullable: false),
                    RdRatio = table.Column<decimal>(type: "TEXT", precision: 9, scale: 4, nullable: false),
                    RevenueGrowth = table.Column<decimal>(type: "TEXT", precision: 9, scale: 4, nullable: false),
                    DebtToAssetRatio = table.Column<decimal>(type: "TEXT", precision: 9, scale: 4, nullable: false),
                    StrategicEmergingIndustry = table.Column<bool>(type: "INTEGER", nullable: false),
                    MainBusinessShare = table.Column<decimal>(type: "TEXT", precision: 9, scale: 4, nullable: false),
                    RevenueFen = table.Column<long>(type: "INTEGER", nullable: false),
                    Score = table.Column<int>(type: "INTEGER", nullable: false),
                    Stage = table.Column<string>(type: "TEXT", nullable: false),
                    IndicativeLineFen = table.Column<long>(type: "INTEGER", nullable: false),
                    BreakdownJson = table.Column<string>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TechDeclarations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DemandPushes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DemandId = table.Column<long>(type: "INTEGER", nullable: false),
                    BankId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProductId = table.Column<long>(type: "INTEGER", nullable: false),
                    Fit = table.Column<decimal>(type: "TEXT", precision: 9, scale: 4, nullable: false),
                    FitJson = table.Column<string>(type: "TEXT", nullable: false),
                    PushedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ClaimBy = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    DecideBy = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", nullable: false),
                    PushedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    AnsweredAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    AnsweredOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    DecidedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    DecidedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    EscalatedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Note = table.Column<string>(type: "TEXT", nullable: false),
                    LoanId = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DemandPushes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DemandPushes_LoanDemands_DemandId",
                        column: x => x.DemandId,
                        principalTable: "LoanDemands",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BankProducts_BankId_Code",
                table: "BankProducts",
                columns: new[] { "BankId", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DemandPushes_BankId_State",
                table: "DemandPushes",
                columns: new[] { "BankId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_DemandPushes_DemandId",
                table: "DemandPushes",
                column: "DemandId");

            migrationBuilder.CreateIndex(
                name: "IX_IpPledges_RegistrationNumber",
                table: "IpPledges",
                column: "RegistrationNumber",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LoanDemands_EnterpriseId",
                table: "LoanDemands",
                column: "EnterpriseId");

            migrationBuilder.CreateIndex(
                name: "IX_LoanDemands_State_PostedOn",
                table: "LoanDemands",
                columns: new[] { "State", "PostedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_TechDeclarations_EnterpriseId_DeclaredOn",
                table: "TechDeclarations",
                columns: new[] { "EnterpriseId", "DeclaredOn" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BankCapacities");

            migrationBuilder.DropTable(
                name: "BankProducts");

            migrationBuilder.DropTable(
                name: "DemandPushes");

            migrationBuilder.DropTable(
                name: "IpPledges");

            migrationBuilder.DropTable(
                name: "TechDeclarations");

            migrationBuilder.DropTable(
                name: "LoanDemands");
        }
    }
}
